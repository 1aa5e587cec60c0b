// id: exposure
// title: Exposure (paths for Neo4j Browser)
// description: Every money flow into the group of one organization (current structure): the customers paying it and the investors funding it, and the guarantees backing deals in its favour.
// parameters: provider, min_status_rank, include_inactive, guarantee, limit
MATCH (:Organization {id: $provider})-[pg:IN_GROUP]->(group:Organization)
WHERE pg.current
MATCH p = (:Organization)-[r:GROUP_PAYS]->(group)
WHERE r.group_current AND r.status_rank >= $min_status_rank AND ($include_inactive OR r.active)
RETURN p
UNION
MATCH (:Organization {id: $provider})-[pg:IN_GROUP]->(group:Organization)
WHERE pg.current
MATCH p = (:Organization)-[:PARTY_TO {role: 'guarantor'}]->(d:Deal {kind: $guarantee})<-[:PARTY_TO {role: 'beneficiary'}]-(:Organization)-[g:IN_GROUP]->(group)
WHERE g.current AND d.status_rank >= $min_status_rank AND ($include_inactive OR d.active)
RETURN p
LIMIT $limit
