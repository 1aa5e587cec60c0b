// id: circular-financing
// title: Circular financing (paths for Neo4j Browser)
// description: The loops of circular-financing drawn as groups and their GROUP_PAYS flows, one row per loop (current structure, active deals): the loops of the table form and the report, time-respecting only (from each flow's paid_from and paid_until) unless any_order.
// parameters: min_status_rank, inactive_statuses, min_confidence_rank, include_inactive, include_uncommitted, include_non_cash, max_length, investment, commercial, any_order, window_years, limit
// Loops are found over pairs of groups (as in the table form), then drawn flow by flow.
// The time test is the table form's (aigraph.queries.timing): from some investment flow,
// each next hop has a flow still paying (paid_until open or not before) when the money
// reached it, the money reaching the next group at the later of that moment and the flow's
// paid_from; the loop closes within $window_years of the investment's paid_from. Days are
// ISO strings, compared as text.
MATCH (a:Organization)-[r:GROUP_PAYS]->(b:Organization)
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
WITH a.id AS payer, b.id AS payee, collect(r {.flow, .paid_from, .paid_until}) AS flows
WITH collect({payer: payer, payee: payee, flows: flows}) AS pairs
WITH pairs, reduce(
       walks = {open: [p IN pairs WHERE p.payer < p.payee | [p.payer, p.payee]], closed: []},
       hops IN range(2, toInteger($max_length)) |
       {open: reduce(longer = [], w IN walks.open | longer +
                [p IN pairs WHERE p.payer = last(w) AND p.payee > w[0] AND NOT p.payee IN w
                 | w + p.payee]),
        closed: walks.closed + reduce(back = [], w IN walks.open | back +
                [p IN pairs WHERE p.payer = last(w) AND p.payee = w[0] | w])}
     ).closed AS loops
UNWIND loops AS members
WITH members, [i IN range(0, size(members) - 1) |
       [p IN pairs WHERE p.payer = members[i] AND p.payee = members[(i + 1) % size(members)]
        | p.flows][0]] AS hops
WITH members, hops, reduce(seen = [], hop IN hops | seen + [f IN hop | f.flow]) AS kinds
WHERE $investment IN kinds AND $commercial IN kinds
  AND ($any_order OR any(s IN range(0, size(hops) - 1) WHERE any(first IN hops[s]
       WHERE first.flow = $investment AND first.paid_from IS NOT NULL
         AND reduce(reached = first.paid_from, step IN range(1, size(hops) - 1) |
               CASE WHEN reached IS NULL THEN NULL ELSE reduce(best = NULL,
                 f IN [f IN hops[(s + step) % size(hops)] WHERE f.paid_from IS NOT NULL
                       AND (f.paid_until IS NULL OR f.paid_until >= f.paid_from)
                       AND (f.paid_until IS NULL OR f.paid_until >= reached)] |
                 CASE WHEN best IS NULL
                        OR (CASE WHEN reached > f.paid_from THEN reached ELSE f.paid_from END) < best
                      THEN (CASE WHEN reached > f.paid_from THEN reached ELSE f.paid_from END)
                      ELSE best END) END)
             <= toString(toInteger(substring(first.paid_from, 0, 4)) + $window_years)
                + substring(first.paid_from, 4))))
UNWIND range(0, size(members) - 1) AS i
MATCH (x:Organization {id: members[i]})-[r:GROUP_PAYS]->(y:Organization {id: members[(i + 1) % size(members)]})
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
WITH members, collect(DISTINCT x) AS groups, collect(r) AS flows
RETURN groups, flows
ORDER BY members
LIMIT $limit
