// Public entry of the audit front end: run an audit, render it, load its config, save it.
export { runAudit, failsOn, filterBySeverity, type AuditOptions, type AuditResult, type AuditSummary } from './run-audit.js';
export { renderAudit, AUDIT_FORMATS, type AuditFormat } from './render/index.js';
export { loadAuditConfig, parseAuditConfig, applySuppressions, type AuditConfig } from './config.js';
export { saveAudit } from './store.js';
