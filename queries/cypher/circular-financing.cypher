// id: circular-financing
// title: Circular financing
// description: Loops between groups in the money flow with at least one investment and one commercial flow: money an investor puts in comes back to it as revenue.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, max_length, min_amount, investment, commercial, usd
// A loop is a sequence of groups, reported once from its smallest id. Flows pass when firm and
// confident enough, active (not on hold, terminated or superseded) unless $include_inactive,
// in force at the as-of day (a term running, a stake held, a one-off payment since
// $as_of_window_start) and in the group epoch of that day (or current). Each flow returns its
// paid_from and paid_until: the shared row function keeps the loops whose money comes back
// after it went in (time_respecting, window, story), as the Python form does.
// The search walks simple paths over pairs of groups (not over single flows: parallel flows
// between two groups would multiply the paths), from each group through groups of larger id.
MATCH (a:Organization)-[r:GROUP_PAYS]->(b:Organization)
WHERE ($min_amount IS NULL OR (r.total_unit = $usd AND r.total >= $min_amount))
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
WITH a.id AS payer, b.id AS payee, collect(r {.*, payer_group: a.id, payee_group: b.id}) AS flows
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
WITH members, reduce(flows = [], i IN range(0, size(members) - 1) | flows +
       [p IN pairs WHERE p.payer = members[i] AND p.payee = members[(i + 1) % size(members)]
        | p.flows][0]) AS flows
WHERE any(f IN flows WHERE f.flow = $investment) AND any(f IN flows WHERE f.flow = $commercial)
RETURN members, flows
ORDER BY members
