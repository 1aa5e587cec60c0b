// id: deals
// title: Deals
// description: The deals of an organization (with its group's members) or a facility, filterable by kind, status, confidence and date.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, entity, kind, group, since_day, until_day
OPTIONAL MATCH (e:Organization {id: $entity})-[eg:IN_GROUP]->(entity_group:Organization)
WHERE $min_confidence_rank IN eg.levels
  AND CASE WHEN $as_of_day IS NULL THEN eg.current
      ELSE (eg.first_day IS NULL OR eg.first_day <= $as_of_day)
       AND (eg.last_day IS NULL OR eg.last_day >= $as_of_day) END
OPTIONAL MATCH (facility:Facility {id: $entity})
WITH e, entity_group, facility
MATCH (d:Deal)
WHERE true
  // policy: deal d
  AND ((CASE WHEN d.status_changed > $as_of_day THEN d.prior_status_rank ELSE d.status_rank END) >= $min_status_rank
    OR (CASE WHEN d.status_changed > $as_of_day THEN d.prior_status ELSE d.status END) IN $inactive_statuses)
  AND d.confidence_rank >= $min_confidence_rank
  AND ($include_inactive OR d.active OR d.inactive_from > $as_of_day)
  AND ($include_uncommitted OR NOT d.contingent)
  AND ($include_non_cash OR d.cash)
  AND ($as_of_day IS NULL OR (d.in_force_from <= $as_of_day
    AND CASE WHEN d.one_date THEN d.in_force_until >= $as_of_window_start
        ELSE d.in_force_until IS NULL OR d.in_force_until >= $as_of_day END))
  // policy: end
  AND ($kind IS NULL OR d.kind = $kind)
  AND ($since_day IS NULL OR coalesce(d.announced_first_day, d.term_start_first_day) >= $since_day)
  AND ($until_day IS NULL OR coalesce(d.announced_first_day, d.term_start_first_day) <= $until_day)
  AND CASE
        WHEN $entity IS NULL THEN true
        WHEN facility IS NOT NULL THEN EXISTS { MATCH (d)-[:AT_FACILITY]->(facility) }
        WHEN e IS NOT NULL AND $group THEN EXISTS {
          MATCH (d)<-[:PARTY_TO]-(:Organization)-[mg:IN_GROUP]->(entity_group)
          WHERE $min_confidence_rank IN mg.levels
  AND CASE WHEN $as_of_day IS NULL THEN mg.current
                ELSE (mg.first_day IS NULL OR mg.first_day <= $as_of_day)
                 AND (mg.last_day IS NULL OR mg.last_day >= $as_of_day) END
        }
        ELSE EXISTS { MATCH (d)<-[:PARTY_TO]-(:Organization {id: $entity}) }
      END
OPTIONAL MATCH (o:Organization)-[pt:PARTY_TO]->(d)
WITH d, collect({org: o.id, role: pt.role}) AS parties
OPTIONAL MATCH (d)-[:AT_FACILITY]->(f:Facility)
WITH d, parties, collect(DISTINCT f.id) AS facilities
OPTIONAL MATCH (d)-[:HAS_CLAIM*0..1]->()-[:CITES]->(s:Source)
WITH d, parties, facilities, collect(DISTINCT s.id) AS sources
RETURN properties(d) AS deal, parties, facilities, sources
ORDER BY deal.id
