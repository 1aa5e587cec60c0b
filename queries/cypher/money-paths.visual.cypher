// id: money-paths
// title: Money paths (paths for Neo4j Browser)
// description: GROUP_PAYS paths from the group of one organization to the group of another (current structure).
// parameters: source, target, max_length, min_status_rank, inactive_statuses, min_confidence_rank, include_inactive, include_uncommitted, include_non_cash, limit
MATCH (:Organization {id: $source})-[sg:IN_GROUP]->(source_group:Organization)
MATCH (:Organization {id: $target})-[tg:IN_GROUP]->(target_group:Organization)
WHERE sg.current AND tg.current AND source_group <> target_group
MATCH p = (source_group)-[:GROUP_PAYS*1..4]->(target_group)
WHERE length(p) <= $max_length
  AND all(r IN relationships(p) WHERE true
    // policy: current r
    AND r.group_current
    AND (r.status_rank >= $min_status_rank OR r.status IN $inactive_statuses)
    AND r.confidence_rank >= $min_confidence_rank
    AND $min_confidence_rank IN r.group_levels
    AND ($include_inactive OR r.active)
    AND ($include_uncommitted OR NOT r.contingent)
    AND ($include_non_cash OR r.cash)
    // policy: end
    )
  AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1 ..])
RETURN p
LIMIT $limit
