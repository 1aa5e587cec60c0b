// id: competitor-customers
// title: Competitor-customer links
// description: Pairs of groups where the customer pays the provider for compute, cloud or chips and the two compete (products in a shared market, or a sourced competition record).
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, kinds
MATCH (c:Organization)-[r:GROUP_PAYS]->(p:Organization)
WHERE r.kind IN $kinds
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
WITH c, p, collect(r {.*, payer_group: c.id, payee_group: p.id}) AS flows
// products of both groups in one market (a subsidiary's products count for its group)
OPTIONAL MATCH (cp:Product)-[:MADE_BY]->(:Organization)-[cg:IN_GROUP]->(c)
WHERE $min_confidence_rank IN cg.levels
  AND CASE WHEN $as_of_day IS NULL THEN cg.current
      ELSE (cg.first_day IS NULL OR cg.first_day <= $as_of_day)
       AND (cg.last_day IS NULL OR cg.last_day >= $as_of_day) END
OPTIONAL MATCH (cp)-[:IN_MARKET]->(m:Market)<-[:IN_MARKET]-(pp:Product)-[:MADE_BY]->(:Organization)-[pg:IN_GROUP]->(p)
WHERE $min_confidence_rank IN pg.levels
  AND CASE WHEN $as_of_day IS NULL THEN pg.current
      ELSE (pg.first_day IS NULL OR pg.first_day <= $as_of_day)
       AND (pg.last_day IS NULL OR pg.last_day >= $as_of_day) END
OPTIONAL MATCH (cp)-[:CITES]->(cs:Source)
OPTIONAL MATCH (pp)-[:CITES]->(ps:Source)
WITH c, p, flows, cp, pp, m, collect(DISTINCT cs.id) + collect(DISTINCT ps.id) AS product_sources
WITH c, p, flows, collect(DISTINCT {market: m.id, market_name: m.name, customer_product: cp.id,
     customer_product_name: cp.name, provider_product: pp.id, provider_product_name: pp.name,
     sources: product_sources}) AS product_markets
// competition records with a party (or a party's product) in each group; which pairs a record
// links (every pair, or only the subject's) is decided from its parties and subject
OPTIONAL MATCH (k:Competition)-[:BETWEEN]->(x)-[:MADE_BY*0..1]->(:Organization)-[kg:IN_GROUP]->(g:Organization)
WHERE $min_confidence_rank IN kg.levels
  AND CASE WHEN $as_of_day IS NULL THEN kg.current
      ELSE (kg.first_day IS NULL OR kg.first_day <= $as_of_day)
       AND (kg.last_day IS NULL OR kg.last_day >= $as_of_day) END
WITH c, p, flows, product_markets, k, collect(DISTINCT g.id) AS party_groups,
     collect(DISTINCT {id: x.id, name: coalesce(x.name, x.id), group: g.id}) AS parties
WITH c, p, flows, product_markets, parties,
     CASE WHEN c.id IN party_groups AND p.id IN party_groups THEN k END AS k
OPTIONAL MATCH (k)-[:IN_MARKET]->(km:Market)
OPTIONAL MATCH (k)-[:CITES]->(ks:Source)
WITH c, p, flows, product_markets, k, parties, km, collect(DISTINCT ks.id) AS claim_sources
WITH c, p, flows, product_markets,
     collect(DISTINCT {id: k.id, market: km.id, market_name: km.name, subject: k.subject,
                       parties: parties, sources: claim_sources}) AS claims
RETURN c.id AS customer, p.id AS provider, flows, product_markets, claims
ORDER BY customer, provider
