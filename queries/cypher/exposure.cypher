// id: exposure
// title: Exposure
// description: Per group, contracted revenue by customer and investment by investor, with shares, concentration (Herfindahl index, top share) and the vendor-financed share of funding; guarantees in its favour apart, as contingent exposure.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, guarantee
// Every flow between groups that passes the filters (the row function adds them up per
// group, side and counterparty), and the guarantees in force with each party's group.
OPTIONAL MATCH (a:Organization)-[r:GROUP_PAYS]->(b:Organization)
WHERE r.status_rank >= $min_status_rank
  AND r.confidence_rank >= $min_confidence_rank
  AND ($include_inactive OR r.active)
  AND $min_confidence_rank IN r.group_levels
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE ((r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND r.in_force_from <= $as_of_day
       AND CASE WHEN r.one_date THEN r.in_force_until >= $as_of_window_start
           ELSE r.in_force_until IS NULL OR r.in_force_until >= $as_of_day END) END
WITH collect(r {.*, payer_group: a.id, payee_group: b.id}) AS flows
OPTIONAL MATCH (d:Deal {kind: $guarantee})
WHERE d.status_rank >= $min_status_rank
  AND d.confidence_rank >= $min_confidence_rank
  AND ($include_inactive OR d.active)
  AND ($as_of_day IS NULL OR (d.in_force_from <= $as_of_day
    AND CASE WHEN d.one_date THEN d.in_force_until >= $as_of_window_start
        ELSE d.in_force_until IS NULL OR d.in_force_until >= $as_of_day END))
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
RETURN flows, guarantees
