// id: circular-financing
// title: Circular financing
// description: Loops between groups in the money flow with at least one investment and one commercial flow: money an investor puts in comes back to it as revenue.
// parameters: as_of_day, min_status_rank, min_confidence_rank, max_length, min_amount, investment, commercial, usd
// A loop is a sequence of groups, reported once from its smallest id. Flows pass when firm and
// confident enough, in force at the as-of day and in the group epoch of that day (or current).
MATCH p = (start:Organization)-[:GROUP_PAYS*2..8]->(start)
// (WITH before WHERE: filter whole paths; some engines mis-push start.id into the expansion)
WITH p, start
WHERE length(p) <= $max_length
  AND all(n IN nodes(p) WHERE start.id <= n.id)
  AND all(i IN range(0, length(p) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1 .. length(p)])
  AND all(r IN relationships(p) WHERE
        r.status_rank >= $min_status_rank
    AND r.confidence_rank >= $min_confidence_rank
    AND ($min_amount IS NULL OR (r.total_unit = $usd AND r.total >= $min_amount))
    AND CASE WHEN $as_of_day IS NULL THEN r.group_current
        ELSE (r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
         AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
         AND (r.began_first_day IS NULL OR r.began_first_day <= $as_of_day)
         AND (r.term_end_last_day IS NULL OR r.term_end_last_day >= $as_of_day) END)
WITH DISTINCT [n IN nodes(p)[0 .. length(p)] | n.id] AS members
UNWIND range(0, size(members) - 1) AS i
MATCH (a:Organization {id: members[i]})-[r:GROUP_PAYS]->(b:Organization {id: members[(i + 1) % size(members)]})
WHERE r.status_rank >= $min_status_rank
  AND r.confidence_rank >= $min_confidence_rank
  AND ($min_amount IS NULL OR (r.total_unit = $usd AND r.total >= $min_amount))
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE (r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND (r.began_first_day IS NULL OR r.began_first_day <= $as_of_day)
       AND (r.term_end_last_day IS NULL OR r.term_end_last_day >= $as_of_day) END
OPTIONAL MATCH (:Deal {id: r.deal})-[:HAS_CLAIM*0..1]->()-[:CITES]->(s:Source)
WITH members, a, b, r, collect(DISTINCT s.id) AS sources
WITH members, collect(r {.*, payer_group: a.id, payee_group: b.id, sources: sources}) AS flows
WHERE any(f IN flows WHERE f.flow = $investment) AND any(f IN flows WHERE f.flow = $commercial)
RETURN members, flows
ORDER BY members
