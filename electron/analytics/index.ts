/** Costs & Requests (issue 7): the backend behind the Costs, Requests and Prices pages. */
export { aggregate, totals, type AggRow, type GroupKey } from './aggregate';
export * from './costs';
export { DIMENSIONS, type DimFilter, type Dimension, type Measures } from './sql';
export { queryRequests, requestDetail, facets, ftsQuery, type RequestFilter, type RequestListRow, type RequestPage, type StatusFilter, type Facets } from './requests';
export { recomputeCosts, recomputeRunning, type RecomputeProgress, type RecomputeResult, type RecomputeScope } from './recompute';
export { exportLog, csvField, EXPORT_COLUMNS, type ExportFormat, type ExportResult } from './export';
export { purgeBodies, purgeRequests, applyBodyRetention, storageReport, type StorageReport } from './retention';
export { rebuildRollups, ensureRollupZone, rebuildSearchIndex, compactRollups } from './rollup';
export { startLogMaintenance, runMaintenance, type Maintenance } from './maintenance';
export { splitRange, dayKey, dayStart, type Bucket } from './days';
