// id: conflicts
// title: Conflicting claims (paths for Neo4j Browser)
// description: Records with claims in conflict, each claim linked to its sources.
// parameters: limit
MATCH p = (record)-[:HAS_CLAIM]->(c:Claim)-[:CITES]->(:Source)
WHERE c.in_conflict
RETURN p
LIMIT $limit
