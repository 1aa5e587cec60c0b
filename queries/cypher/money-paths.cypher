// id: money-paths
// title: Money paths
// description: Paths in the group-level money flow from one organization's group to another's (bounded), with every deal on each hop.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, source, target, max_length
MATCH (:Organization {id: $source})-[sg:IN_GROUP]->(source_group:Organization)
WHERE $min_confidence_rank IN sg.levels
  AND CASE WHEN $as_of_day IS NULL THEN sg.current
      ELSE (sg.first_day IS NULL OR sg.first_day <= $as_of_day)
       AND (sg.last_day IS NULL OR sg.last_day >= $as_of_day) END
MATCH (:Organization {id: $target})-[tg:IN_GROUP]->(target_group:Organization)
WHERE $min_confidence_rank IN tg.levels
  AND CASE WHEN $as_of_day IS NULL THEN tg.current
      ELSE (tg.first_day IS NULL OR tg.first_day <= $as_of_day)
       AND (tg.last_day IS NULL OR tg.last_day >= $as_of_day) END
MATCH p = (source_group)-[:GROUP_PAYS*1..6]->(target_group)
WHERE source_group <> target_group
  AND length(p) <= $max_length
  AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1 ..])
  AND all(r IN relationships(p) WHERE true
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
    )
WITH DISTINCT [n IN nodes(p) | n.id] AS members
UNWIND range(0, size(members) - 2) AS i
MATCH (a:Organization {id: members[i]})-[r:GROUP_PAYS]->(b:Organization {id: members[i + 1]})
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
WITH members, collect(r {.*, payer_group: a.id, payee_group: b.id}) AS flows
RETURN members, flows
ORDER BY size(members), members
