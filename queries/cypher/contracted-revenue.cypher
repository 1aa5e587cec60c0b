// id: contracted-revenue
// title: Contracted revenue
// description: Per provider group, the total value of its commercial deals (rate x term where known) beside any reported contracted-revenue figure, with the difference.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, provider, commercial, metric
MATCH (c:Organization)-[r:GROUP_PAYS]->(p:Organization)
WHERE r.flow = $commercial
  AND ($provider IS NULL OR p.id = $provider)
  // policy: flow r
  AND ((CASE WHEN r.status_changed > $as_of_day THEN r.prior_status_rank ELSE r.status_rank END) >= $min_status_rank
    OR (CASE WHEN r.status_changed > $as_of_day THEN r.prior_status ELSE r.status END) IN $inactive_statuses)
  AND r.confidence_rank >= $min_confidence_rank
  AND ($include_inactive OR r.active OR r.inactive_from > $as_of_day)
  AND ($include_uncommitted OR NOT r.contingent)
  AND ($include_non_cash OR r.cash)
  AND $min_confidence_rank IN r.group_levels
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE ((r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND r.in_force_from <= $as_of_day
       AND CASE WHEN r.one_date THEN r.in_force_until >= $as_of_window_start
           ELSE r.in_force_until IS NULL OR r.in_force_until >= $as_of_day END) END
  // policy: end
WITH p, collect(r {.*, payer_group: c.id, payee_group: p.id}) AS flows
OPTIONAL MATCH (f:ReportedFigure {metric: $metric})-[:ABOUT]->(:Organization)-[g:IN_GROUP]->(p)
WHERE $min_confidence_rank IN g.levels
  AND CASE WHEN $as_of_day IS NULL THEN g.current
      ELSE (g.first_day IS NULL OR g.first_day <= $as_of_day)
       AND (g.last_day IS NULL OR g.last_day >= $as_of_day) END
OPTIONAL MATCH (f)-[:COVERS]->(d:Deal)
OPTIONAL MATCH (f)-[:CITES]->(fs:Source)
WITH p, flows, f, collect(DISTINCT d.id) AS covers, collect(DISTINCT fs.id) AS figure_sources
WITH p, flows, collect({id: f.id, amount: f.amount, unit: f.amount_unit, covers: covers, sources: figure_sources}) AS figures
RETURN p.id AS provider, flows, figures
ORDER BY provider
