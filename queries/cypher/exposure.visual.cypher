// id: exposure
// title: Exposure (paths for Neo4j Browser)
// description: Every money flow into the group of one organization (current structure): the customers paying it and the investors funding it, and the guarantees backing deals in its favour.
// parameters: provider, min_status_rank, inactive_statuses, min_confidence_rank, include_inactive, include_uncommitted, include_non_cash, guarantee, as_of_day, as_of_window_start, limit
MATCH (:Organization {id: $provider})-[pg:IN_GROUP]->(group:Organization)
WHERE pg.current
MATCH p = (:Organization)-[r:GROUP_PAYS]->(group)
WHERE true
  // policy: current r
  AND r.group_current
  AND (r.status_rank >= $min_status_rank OR r.status IN $inactive_statuses)
  AND r.confidence_rank >= $min_confidence_rank
  AND $min_confidence_rank IN r.group_levels
  AND ($include_inactive OR r.active)
  AND ($include_uncommitted OR NOT r.contingent)
  AND ($include_non_cash OR r.cash)
  // policy: end
RETURN p
UNION
MATCH (:Organization {id: $provider})-[pg:IN_GROUP]->(group:Organization)
WHERE pg.current
MATCH p = (:Organization)-[:PARTY_TO {role: 'guarantor'}]->(d:Deal {kind: $guarantee})<-[:PARTY_TO {role: 'beneficiary'}]-(:Organization)-[g:IN_GROUP]->(group)
WHERE g.current
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
RETURN p
LIMIT $limit
