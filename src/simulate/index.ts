// The simulator's public face: src/index.ts re-exports this file.
export { startSimulator, type Simulator, type SimulatorOptions } from './server.js';
export { RecordFolderError } from './record-folder.js';
export { resolveScenario, ScenarioError, type Scenario, type CallScenario, type Outcome, type Faults } from './scenario.js';
export type { Exchange, Message } from './exchange.js';
export type { Delivery, Attempt } from './delivery.js';
export type { Finding, FindingType, OmittedFindings, SimulatorReport } from './report.js';
export { problemsMember } from './graph-error.js';
