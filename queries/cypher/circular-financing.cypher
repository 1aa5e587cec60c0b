// id: circular-financing
// title: Circular financing
// description: Loops between groups in the money flow with at least one investment and one commercial flow: money an investor puts in comes back to it as revenue.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, max_length, min_amount, investment, commercial, usd
// A loop is a sequence of groups, reported once from its smallest id. Flows pass when firm and
// confident enough, active (not on hold, terminated or superseded) unless $include_inactive,
// in force at the as-of day (a term running, a stake held, a one-off payment since
// $as_of_window_start) and in the group epoch of that day (or current). Each flow returns its
// paid_from and paid_until: the shared row function keeps the loops whose money comes back
// after it went in (time_respecting, window, story), as the Python form does.
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
    AND ($include_inactive OR r.active)
    AND $min_confidence_rank IN r.group_levels
    AND CASE WHEN $as_of_day IS NULL THEN r.group_current
        ELSE ((r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
         AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
         AND r.in_force_from <= $as_of_day
         AND CASE WHEN r.one_date THEN r.in_force_until >= $as_of_window_start
             ELSE r.in_force_until IS NULL OR r.in_force_until >= $as_of_day END) END)
WITH DISTINCT [n IN nodes(p)[0 .. length(p)] | n.id] AS members
UNWIND range(0, size(members) - 1) AS i
MATCH (a:Organization {id: members[i]})-[r:GROUP_PAYS]->(b:Organization {id: members[(i + 1) % size(members)]})
WHERE r.status_rank >= $min_status_rank
  AND r.confidence_rank >= $min_confidence_rank
  AND ($min_amount IS NULL OR (r.total_unit = $usd AND r.total >= $min_amount))
  AND ($include_inactive OR r.active)
  AND $min_confidence_rank IN r.group_levels
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE ((r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND r.in_force_from <= $as_of_day
       AND CASE WHEN r.one_date THEN r.in_force_until >= $as_of_window_start
           ELSE r.in_force_until IS NULL OR r.in_force_until >= $as_of_day END) END
WITH members, collect(r {.*, payer_group: a.id, payee_group: b.id}) AS flows
WHERE any(f IN flows WHERE f.flow = $investment) AND any(f IN flows WHERE f.flow = $commercial)
RETURN members, flows
ORDER BY members
