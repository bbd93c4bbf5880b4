/**
 * The wire protocol's version, with a dated history. Bump it (and add a line)
 * when a message changes shape.
 *
 * - 1 (2026-11-29): WatermelonDB pull/push on `/api/v2/sync` with paged pulls
 *   (`limit`, `next`, `has_more`) and per-record refusals (`rejected`).
 */
export const protocolVersion = 1;
