// id: competitor-customers
// title: Competitor-customer links (paths for Neo4j Browser)
// description: A customer paying a provider group whose products sell in a market where the customer's products sell too (current structure).
// parameters: kinds, min_status_rank, include_inactive, limit
MATCH deal = (c:Organization)-[r:GROUP_PAYS]->(p:Organization)
WHERE r.group_current AND r.kind IN $kinds AND r.status_rank >= $min_status_rank
  AND ($include_inactive OR r.active)
MATCH rivals = (c)<-[cg:IN_GROUP]-(:Organization)<-[:MADE_BY]-(:Product)-[:IN_MARKET]->(:Market)<-[:IN_MARKET]-(:Product)-[:MADE_BY]->(:Organization)-[pg:IN_GROUP]->(p)
WHERE cg.current AND pg.current
RETURN deal, rivals
LIMIT $limit
