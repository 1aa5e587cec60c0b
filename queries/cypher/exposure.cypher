// id: exposure
// title: Exposure
// description: Per group, contracted revenue by customer and investment by investor, with shares, concentration (Herfindahl index, top share) and the vendor-financed share of funding; guarantees in its favour apart, as contingent exposure.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, guarantee, denominator_metrics, usd
// Every flow between groups that passes the filters (the row function adds them up per
// group, side and counterparty), and the guarantees in force with each party's group.
OPTIONAL MATCH (a:Organization)-[r:GROUP_PAYS]->(b:Organization)
WHERE true
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
WITH collect(r {.*, payer_group: a.id, payee_group: b.id}) AS flows
OPTIONAL MATCH (d:Deal {kind: $guarantee})
WHERE true
  // policy: deal d
  AND ((CASE WHEN d.status_changed > $as_of_day THEN d.prior_status_rank ELSE d.status_rank END) >= $min_status_rank
    OR (CASE WHEN d.status_changed > $as_of_day THEN d.prior_status ELSE d.status END) IN $inactive_statuses)
  AND d.confidence_rank >= $min_confidence_rank
  AND ($include_inactive OR d.active OR d.inactive_from > $as_of_day)
  AND ($include_uncommitted OR NOT d.contingent)
  AND ($include_non_cash OR d.cash)
  AND ($as_of_day IS NULL OR (d.in_force_from <= $as_of_day
    AND CASE WHEN d.one_date THEN d.in_force_until >= $as_of_window_start
        ELSE d.in_force_until IS NULL OR d.in_force_until >= $as_of_day END))
  // policy: end
OPTIONAL MATCH (o:Organization)-[pt:PARTY_TO]->(d)
OPTIONAL MATCH (o)-[g:IN_GROUP]->(group:Organization)
WHERE $min_confidence_rank IN g.levels
  AND CASE WHEN $as_of_day IS NULL THEN g.current
      ELSE (g.first_day IS NULL OR g.first_day <= $as_of_day)
       AND (g.last_day IS NULL OR g.last_day >= $as_of_day) END
WITH flows, d, collect({role: pt.role, org: o.id, group: group.id}) AS parties
OPTIONAL MATCH (d)-[:CITES]->(s:Source)
WITH flows, d, parties, collect(DISTINCT s.id) AS sources
WITH flows, collect(CASE WHEN d IS NULL THEN null
       ELSE {deal: d.id, amount: d.value, unit: d.value_unit, parties: parties, sources: sources}
     END) AS guarantees
// the figures each side's shares are of: backlog (revenue) and funding raised (funding), with
// their subject's group at the as-of day
OPTIONAL MATCH (fig:ReportedFigure)-[:ABOUT]->(:Organization)-[fg:IN_GROUP]->(fgroup:Organization)
WHERE fig.metric IN $denominator_metrics AND fig.amount_unit = $usd AND fig.as_of IS NOT NULL
  AND $min_confidence_rank IN fg.levels
  AND CASE WHEN $as_of_day IS NULL THEN fg.current
      ELSE (fg.first_day IS NULL OR fg.first_day <= $as_of_day)
       AND (fg.last_day IS NULL OR fg.last_day >= $as_of_day) END
OPTIONAL MATCH (fig)-[:CITES]->(fs:Source)
WITH flows, guarantees, fig, fgroup, collect(DISTINCT fs.id) AS figure_sources
RETURN flows, guarantees, collect(CASE WHEN fig IS NULL THEN null
       ELSE {id: fig.id, group: fgroup.id, metric: fig.metric, usd: fig.amount,
             as_of: fig.as_of_last_day, sources: figure_sources} END) AS figures
