import { createUuid } from "./create-uuid.js";
import type {
  AgentIdentity,
  ToolConnection,
  ToolName,
  Workspace,
  WorkspaceMember,
  WorkspaceRole,
} from "./engine-types.js";
import type { MockClock } from "./mock-clock.js";

/** Workspaces with their members, tool connections and registered agents (§13). */
export interface WorkspaceStore {
  addWorkspace(workspace: Workspace): void;
  getWorkspace(id: string): Workspace | undefined;
  listWorkspaces(): Workspace[];
  addMember(member: WorkspaceMember): void;
  /** The caller's role in a workspace, or undefined when not a member. */
  roleOf(workspaceId: string, userId: string): WorkspaceRole | undefined;
  getMember(workspaceId: string, userId: string): WorkspaceMember | undefined;
  /** Workspaces a user belongs to, in creation order. */
  workspacesOf(userId: string): Workspace[];
  listMembers(): WorkspaceMember[];
  addConnection(connection: ToolConnection): void;
  getConnection(workspaceId: string, tool: ToolName): ToolConnection | undefined;
  listConnections(workspaceId?: string): ToolConnection[];
  /** Sets `paused`, creating a paused placeholder connection when the tool has none (§4.6). */
  setPaused(workspaceId: string, tool: ToolName, paused: boolean): void;
  /** Names of the workspace's paused tools, in connection creation order (§4.3 `toolsPaused`). */
  pausedTools(workspaceId: string): ToolName[];
  addAgent(agent: AgentIdentity): void;
  /** The registered agent with this name in the workspace (§13.2). */
  findAgent(workspaceId: string, name: string): AgentIdentity | undefined;
  listAgents(): AgentIdentity[];
  reset(): void;
}

/**
 * Creates the workspace store. Lookups used on every request (workspace, connection, agent, role)
 * are map reads.
 *
 * @example
 * const workspaces = createWorkspaceStore(clock);
 * workspaces.addWorkspace(workspace);
 * workspaces.setPaused(workspace.id, "github", true);
 * workspaces.pausedTools(workspace.id); // ["github"]
 */
export function createWorkspaceStore(clock: MockClock): WorkspaceStore {
  let workspaces = new Map<string, Workspace>();
  let members = new Map<string, Map<string, WorkspaceMember>>();
  let memberList: WorkspaceMember[] = [];
  let connections = new Map<string, Map<ToolName, ToolConnection>>();
  let connectionList: ToolConnection[] = [];
  let agents = new Map<string, Map<string, AgentIdentity>>();
  let agentList: AgentIdentity[] = [];

  const store: WorkspaceStore = {
    addWorkspace(workspace) {
      workspaces.set(workspace.id, workspace);
    },
    getWorkspace: (id) => workspaces.get(id),
    listWorkspaces: () => [...workspaces.values()],
    addMember(member) {
      let byUser = members.get(member.workspaceId);
      if (!byUser) {
        byUser = new Map();
        members.set(member.workspaceId, byUser);
      }
      byUser.set(member.userId, member);
      memberList.push(member);
    },
    roleOf: (workspaceId, userId) => members.get(workspaceId)?.get(userId)?.role,
    getMember: (workspaceId, userId) => members.get(workspaceId)?.get(userId),
    workspacesOf(userId) {
      return [...workspaces.values()].filter((workspace) => members.get(workspace.id)?.has(userId));
    },
    listMembers: () => [...memberList],
    addConnection(connection) {
      let byTool = connections.get(connection.workspaceId);
      if (!byTool) {
        byTool = new Map();
        connections.set(connection.workspaceId, byTool);
      }
      const existing = byTool.get(connection.tool);
      if (existing) connectionList = connectionList.filter((item) => item !== existing);
      byTool.set(connection.tool, connection);
      connectionList.push(connection);
    },
    getConnection: (workspaceId, tool) => connections.get(workspaceId)?.get(tool),
    listConnections(workspaceId) {
      return workspaceId === undefined
        ? [...connectionList]
        : connectionList.filter((connection) => connection.workspaceId === workspaceId);
    },
    setPaused(workspaceId, tool, paused) {
      const connection = store.getConnection(workspaceId, tool);
      if (connection) {
        connection.paused = paused;
        return;
      }
      if (!paused) return;
      store.addConnection({
        id: createUuid(),
        workspaceId,
        tool,
        paused: true,
        config: {},
        mcpServerUrl: null,
        mcpAuthType: "bearer",
        mcpTransport: "http",
        createdAt: clock.nowIso(),
        isPlaceholder: true,
      });
    },
    pausedTools(workspaceId) {
      const byTool = connections.get(workspaceId);
      if (!byTool) return [];
      const paused: ToolName[] = [];
      for (const connection of byTool.values()) if (connection.paused) paused.push(connection.tool);
      return paused;
    },
    addAgent(agent) {
      let byName = agents.get(agent.workspace_id);
      if (!byName) {
        byName = new Map();
        agents.set(agent.workspace_id, byName);
      }
      byName.set(agent.name, agent);
      agentList.push(agent);
    },
    findAgent: (workspaceId, name) => agents.get(workspaceId)?.get(name),
    listAgents: () => [...agentList],
    reset() {
      workspaces = new Map();
      members = new Map();
      memberList = [];
      connections = new Map();
      connectionList = [];
      agents = new Map();
      agentList = [];
    },
  };
  return store;
}
