// id: circular-financing
// title: Circular financing (paths for Neo4j Browser)
// description: The loops of circular-financing drawn as groups and their GROUP_PAYS flows, one row per loop (current structure, active deals); whether a loop respects time is decided by the table form from each flow's paid_from and paid_until.
// parameters: min_status_rank, inactive_statuses, include_inactive, include_uncommitted, include_non_cash, max_length, investment, commercial, limit
// Loops are found over pairs of groups (as in the table form), then drawn flow by flow.
MATCH (a:Organization)-[r:GROUP_PAYS]->(b:Organization)
WHERE true
  // policy: current r
  AND r.group_current
  AND (r.status_rank >= $min_status_rank OR r.status IN $inactive_statuses)
  AND ($include_inactive OR r.active)
  AND ($include_uncommitted OR NOT r.contingent)
  AND ($include_non_cash OR r.cash)
  // policy: end
WITH a.id AS payer, b.id AS payee, collect(DISTINCT r.flow) AS kinds
WITH collect({payer: payer, payee: payee, kinds: kinds}) AS pairs
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
WITH members, reduce(kinds = [], i IN range(0, size(members) - 1) | kinds +
       [p IN pairs WHERE p.payer = members[i] AND p.payee = members[(i + 1) % size(members)]
        | p.kinds][0]) AS kinds
WHERE $investment IN kinds AND $commercial IN kinds
UNWIND range(0, size(members) - 1) AS i
MATCH (x:Organization {id: members[i]})-[r:GROUP_PAYS]->(y:Organization {id: members[(i + 1) % size(members)]})
WHERE true
  // policy: current r
  AND r.group_current
  AND (r.status_rank >= $min_status_rank OR r.status IN $inactive_statuses)
  AND ($include_inactive OR r.active)
  AND ($include_uncommitted OR NOT r.contingent)
  AND ($include_non_cash OR r.cash)
  // policy: end
WITH members, collect(DISTINCT x) AS groups, collect(r) AS flows
RETURN groups, flows
ORDER BY members
LIMIT $limit
