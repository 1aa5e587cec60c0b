// id: deals
// title: Deals (paths for Neo4j Browser)
// description: The deals of an organization or facility with all their parties and facilities.
// parameters: entity, limit
MATCH (d:Deal)
WHERE EXISTS { MATCH (d)<-[:PARTY_TO]-(:Organization {id: $entity}) }
   OR EXISTS { MATCH (d)-[:AT_FACILITY]->(:Facility {id: $entity}) }
MATCH p = (:Organization)-[:PARTY_TO]->(d)
OPTIONAL MATCH f = (d)-[:AT_FACILITY]->(:Facility)
RETURN p, f
LIMIT $limit
