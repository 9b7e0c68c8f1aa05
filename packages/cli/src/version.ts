import packageJson from "../package.json";

/** This package's version, as published. */
export const version: string = packageJson.version;
