// id: competitor-customers
// title: Competitor-customer links
// description: Pairs of groups where the customer pays the provider for compute, cloud or chips and the two compete (products in a shared market, or a sourced competition record).
// parameters: as_of_day, min_status_rank, min_confidence_rank, kinds
MATCH (c:Organization)-[r:GROUP_PAYS]->(p:Organization)
WHERE r.kind IN $kinds
  AND r.status_rank >= $min_status_rank
  AND r.confidence_rank >= $min_confidence_rank
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE (r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND (r.began_first_day IS NULL OR r.began_first_day <= $as_of_day)
       AND (r.term_end_last_day IS NULL OR r.term_end_last_day >= $as_of_day) END
OPTIONAL MATCH (:Deal {id: r.deal})-[:HAS_CLAIM*0..1]->()-[:CITES]->(s:Source)
WITH c, p, r, collect(DISTINCT s.id) AS sources
WITH c, p, collect(r {.*, payer_group: c.id, payee_group: p.id, sources: sources}) AS flows
// products of both groups in one market (a subsidiary's products count for its group)
OPTIONAL MATCH (cp:Product)-[:MADE_BY]->(:Organization)-[cg:IN_GROUP]->(c)
WHERE CASE WHEN $as_of_day IS NULL THEN cg.current
      ELSE (cg.first_day IS NULL OR cg.first_day <= $as_of_day)
       AND (cg.last_day IS NULL OR cg.last_day >= $as_of_day) END
OPTIONAL MATCH (cp)-[:IN_MARKET]->(m:Market)<-[:IN_MARKET]-(pp:Product)-[:MADE_BY]->(:Organization)-[pg:IN_GROUP]->(p)
WHERE CASE WHEN $as_of_day IS NULL THEN pg.current
      ELSE (pg.first_day IS NULL OR pg.first_day <= $as_of_day)
       AND (pg.last_day IS NULL OR pg.last_day >= $as_of_day) END
WITH c, p, flows, collect(DISTINCT {market: m.id, customer_product: cp.id, provider_product: pp.id}) AS product_markets
// sourced competition records naming a member (or a product) of each group
OPTIONAL MATCH (k:Competition)-[:BETWEEN]->()-[:MADE_BY*0..1]->(:Organization)-[kc:IN_GROUP]->(c)
WHERE CASE WHEN $as_of_day IS NULL THEN kc.current
      ELSE (kc.first_day IS NULL OR kc.first_day <= $as_of_day)
       AND (kc.last_day IS NULL OR kc.last_day >= $as_of_day) END
  AND EXISTS {
    MATCH (k)-[:BETWEEN]->()-[:MADE_BY*0..1]->(:Organization)-[kp:IN_GROUP]->(p)
    WHERE CASE WHEN $as_of_day IS NULL THEN kp.current
          ELSE (kp.first_day IS NULL OR kp.first_day <= $as_of_day)
           AND (kp.last_day IS NULL OR kp.last_day >= $as_of_day) END
  }
OPTIONAL MATCH (k)-[:IN_MARKET]->(km:Market)
OPTIONAL MATCH (k)-[:CITES]->(ks:Source)
WITH c, p, flows, product_markets, k, km, collect(DISTINCT ks.id) AS claim_sources
WITH c, p, flows, product_markets, collect(DISTINCT {id: k.id, market: km.id, sources: claim_sources}) AS claims
RETURN c.id AS customer, p.id AS provider, flows, product_markets, claims
ORDER BY customer, provider
