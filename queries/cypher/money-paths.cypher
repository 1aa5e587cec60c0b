// id: money-paths
// title: Money paths
// description: Paths in the group-level money flow from one organization's group to another's (bounded), with every deal on each hop.
// parameters: as_of_day, min_status_rank, min_confidence_rank, source, target, max_length
MATCH (:Organization {id: $source})-[sg:IN_GROUP]->(source_group:Organization)
WHERE CASE WHEN $as_of_day IS NULL THEN sg.current
      ELSE (sg.first_day IS NULL OR sg.first_day <= $as_of_day)
       AND (sg.last_day IS NULL OR sg.last_day >= $as_of_day) END
MATCH (:Organization {id: $target})-[tg:IN_GROUP]->(target_group:Organization)
WHERE CASE WHEN $as_of_day IS NULL THEN tg.current
      ELSE (tg.first_day IS NULL OR tg.first_day <= $as_of_day)
       AND (tg.last_day IS NULL OR tg.last_day >= $as_of_day) END
MATCH p = (source_group)-[:GROUP_PAYS*1..6]->(target_group)
WHERE source_group <> target_group
  AND length(p) <= $max_length
  AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1 ..])
  AND all(r IN relationships(p) WHERE
        r.status_rank >= $min_status_rank
    AND r.confidence_rank >= $min_confidence_rank
    AND CASE WHEN $as_of_day IS NULL THEN r.group_current
        ELSE (r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
         AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
         AND (r.began_first_day IS NULL OR r.began_first_day <= $as_of_day)
         AND (r.term_end_last_day IS NULL OR r.term_end_last_day >= $as_of_day) END)
WITH DISTINCT [n IN nodes(p) | n.id] AS members
UNWIND range(0, size(members) - 2) AS i
MATCH (a:Organization {id: members[i]})-[r:GROUP_PAYS]->(b:Organization {id: members[i + 1]})
WHERE r.status_rank >= $min_status_rank
  AND r.confidence_rank >= $min_confidence_rank
  AND CASE WHEN $as_of_day IS NULL THEN r.group_current
      ELSE (r.group_first_day IS NULL OR r.group_first_day <= $as_of_day)
       AND (r.group_last_day IS NULL OR r.group_last_day >= $as_of_day)
       AND (r.began_first_day IS NULL OR r.began_first_day <= $as_of_day)
       AND (r.term_end_last_day IS NULL OR r.term_end_last_day >= $as_of_day) END
OPTIONAL MATCH (:Deal {id: r.deal})-[:HAS_CLAIM*0..1]->()-[:CITES]->(s:Source)
WITH members, a, b, r, collect(DISTINCT s.id) AS sources
WITH members, collect(r {.*, payer_group: a.id, payee_group: b.id, sources: sources}) AS flows
RETURN members, flows
ORDER BY size(members), members
