// id: competitor-customers
// title: Competitor-customer links (paths for Neo4j Browser)
// description: A customer paying a provider group whose products sell in a market where the customer's products sell too (current structure).
// parameters: kinds, min_status_rank, inactive_statuses, min_confidence_rank, include_inactive, include_uncommitted, include_non_cash, limit
MATCH deal = (c:Organization)-[r:GROUP_PAYS]->(p:Organization)
WHERE r.kind IN $kinds
  // policy: current r
  AND r.group_current
  AND (r.status_rank >= $min_status_rank OR r.status IN $inactive_statuses)
  AND r.confidence_rank >= $min_confidence_rank
  AND $min_confidence_rank IN r.group_levels
  AND ($include_inactive OR r.active)
  AND ($include_uncommitted OR NOT r.contingent)
  AND ($include_non_cash OR r.cash)
  // policy: end
MATCH rivals = (c)<-[cg:IN_GROUP]-(:Organization)<-[:MADE_BY]-(:Product)-[:IN_MARKET]->(:Market)<-[:IN_MARKET]-(:Product)-[:MADE_BY]->(:Organization)-[pg:IN_GROUP]->(p)
WHERE cg.current AND pg.current
RETURN deal, rivals
LIMIT $limit
