// id: circular-financing
// title: Circular financing (paths for Neo4j Browser)
// description: The loops of circular-financing drawn as paths of GROUP_PAYS between groups (current structure, active deals); whether a loop respects time is decided by the table form from each flow's paid_from and paid_until.
// parameters: max_length, min_status_rank, include_inactive, investment, commercial, limit
MATCH p = (start:Organization)-[:GROUP_PAYS*2..6]->(start)
// (WITH before WHERE: filter whole paths; some engines mis-push start.id into the expansion)
WITH p, start
WHERE length(p) <= $max_length
  AND all(n IN nodes(p) WHERE start.id <= n.id)
  AND all(i IN range(0, length(p) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1 .. length(p)])
  AND all(r IN relationships(p) WHERE r.group_current AND r.status_rank >= $min_status_rank
        AND ($include_inactive OR r.active))
  AND any(r IN relationships(p) WHERE r.flow = $investment)
  AND any(r IN relationships(p) WHERE r.flow = $commercial)
RETURN p
LIMIT $limit
