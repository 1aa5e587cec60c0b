// id: supplier-dependence
// title: Supplier dependence (paths for Neo4j Browser)
// description: Facilities, their fleets and chip models made by the maker, with the facilities' owners.
// parameters: maker, limit
MATCH p = (owner:Organization)-[:OWNS]->(:Facility)-[:HOUSES]->(:Fleet)-[:OF_MODEL]->(:ChipModel)-[:MADE_BY]->(:Organization {id: $maker})
RETURN p
LIMIT $limit
