// The reviewer page's entry point, bundled by tsup into dist/reviewer/app.js and served
// (with public/index.html and public/app.css, copied as they are)
// by the node server at `/`. See reviewer-app.tsx.
import { render } from "preact";
import { ReviewerApp } from "./reviewer-app.js";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<ReviewerApp />, root);
}
