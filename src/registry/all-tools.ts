import type { AnyTool } from '../tools/define.js';
import { analyzeComplexity } from '../tools/analyze_complexity.js';
import { analyzeDependencies } from '../tools/analyze_dependencies.js';
import { analyzeStructure } from '../tools/analyze_structure.js';
import { batchCancel } from '../tools/batch_cancel.js';
import { batchStatus } from '../tools/batch_status.js';
import { batchSubmit } from '../tools/batch_submit.js';
import { callGraphTool } from '../tools/call_graph.js';
import { discoverTools } from '../tools/discover_tools.js';
import { findReferencesTool } from '../tools/find_references.js';
import { findSymbol } from '../tools/find_symbol.js';
import { impactTool } from '../tools/impact.js';
import { repoMapTool } from '../tools/repo_map.js';
import { hotspots } from '../tools/hotspots.js';
import { qualityGate } from '../tools/quality_gate.js';
import { serverInfo } from '../tools/server_info.js';
import { sessionClose } from '../tools/session_close.js';
import { sessionCreate } from '../tools/session_create.js';
import { sessionGet } from '../tools/session_get.js';
import { sessionList } from '../tools/session_list.js';
import { symbolAt } from '../tools/symbol_at.js';

/** Every tool the server offers. Adding a tool = one file in src/tools and one line here. */
export const ALL_TOOLS: readonly AnyTool[] = [
  analyzeComplexity,
  analyzeStructure,
  analyzeDependencies,
  hotspots,
  symbolAt,
  findSymbol,
  findReferencesTool,
  callGraphTool,
  impactTool,
  repoMapTool,
  qualityGate,
  batchSubmit,
  batchStatus,
  batchCancel,
  discoverTools,
  serverInfo,
  sessionCreate,
  sessionGet,
  sessionList,
  sessionClose,
] as unknown as AnyTool[];
