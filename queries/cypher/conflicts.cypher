// id: conflicts
// title: Conflicting claims
// description: Facts where sources disagree (value, total, dates, facility, status, area, power), with each claimed value and its sources and quotes.
// parameters: record
MATCH (c:Claim)
WHERE c.in_conflict AND ($record IS NULL OR c.record = $record)
OPTIONAL MATCH (c)-[q:CITES]->(s:Source)
WITH c, collect({source: s.id, quote: q.quote, states: coalesce(q.states, [])}) AS citations
RETURN c.record AS record, c.record_label AS label, c.attribute AS attribute,
       c.position AS position, c.claimed_value AS value, c.derived AS derived,
       c.as_of AS as_of, citations
ORDER BY record, attribute, position
