// id: supplier-dependence
// title: Supplier dependence
// description: Facilities, fleets and groups that depend on a chip maker, with GPU counts, and the maker's share of the chips in the graph.
// parameters: as_of_day, as_of_window_start, min_status_rank, min_confidence_rank, include_inactive, inactive_statuses, include_uncommitted, include_non_cash, maker, planned, not_yet, decommissioned, chip_kinds, rented_kinds, customer_role, supplier_role, payer_roles
MATCH (:Organization {id: $maker})-[mg:IN_GROUP]->(maker_group:Organization)
WHERE $min_confidence_rank IN mg.levels
  AND CASE WHEN $as_of_day IS NULL THEN mg.current
      ELSE (mg.first_day IS NULL OR mg.first_day <= $as_of_day)
       AND (mg.last_day IS NULL OR mg.last_day >= $as_of_day) END
MATCH (fac:Facility)-[:HOUSES]->(fl:Fleet)-[:OF_MODEL]->(chip:ChipModel)-[:MADE_BY]->(:Organization)-[cg:IN_GROUP]->(chip_group:Organization)
WHERE ($as_of_day IS NULL OR fl.as_of_first_day <= $as_of_day)
  AND fl.confidence_rank >= $min_confidence_rank
  AND fl.status <> $decommissioned
  AND ($planned OR NOT fl.status IN $not_yet)
  AND $min_confidence_rank IN cg.levels
  AND CASE WHEN $as_of_day IS NULL THEN cg.current
      ELSE (cg.first_day IS NULL OR cg.first_day <= $as_of_day)
       AND (cg.last_day IS NULL OR cg.last_day >= $as_of_day) END
MATCH (site:Facility {id: fac.site})
OPTIONAL MATCH (owner:Organization)-[owns:OWNS]->(site)
WHERE owns.primary
OPTIONAL MATCH (owner)-[og:IN_GROUP]->(owner_group:Organization)
WHERE $min_confidence_rank IN og.levels
  AND CASE WHEN $as_of_day IS NULL THEN og.current
      ELSE (og.first_day IS NULL OR og.first_day <= $as_of_day)
       AND (og.last_day IS NULL OR og.last_day >= $as_of_day) END
RETURN {type: 'fleet', maker_group: maker_group.id, fleet: fl.id, facility: site.id,
        owner_group: owner_group.id, chip_model: chip.id, chip_maker_group: chip_group.id,
        count: fl.count, count_qualifier: fl.count_qualifier, as_of: fl.as_of,
        as_of_last_day: fl.as_of_last_day} AS record
UNION ALL
MATCH (:Organization {id: $maker})-[mg:IN_GROUP]->(maker_group:Organization)
WHERE $min_confidence_rank IN mg.levels
  AND CASE WHEN $as_of_day IS NULL THEN mg.current
      ELSE (mg.first_day IS NULL OR mg.first_day <= $as_of_day)
       AND (mg.last_day IS NULL OR mg.last_day >= $as_of_day) END
MATCH (o:Organization)-[pt:PARTY_TO]->(d:Deal)-[:AT_FACILITY]->(fac:Facility)
WHERE d.kind IN $rented_kinds AND pt.role IN $payer_roles
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
MATCH (o)-[tg:IN_GROUP]->(tenant_group:Organization)
WHERE $min_confidence_rank IN tg.levels
  AND CASE WHEN $as_of_day IS NULL THEN tg.current
      ELSE (tg.first_day IS NULL OR tg.first_day <= $as_of_day)
       AND (tg.last_day IS NULL OR tg.last_day >= $as_of_day) END
RETURN {type: 'tenant', maker_group: maker_group.id, facility: fac.site,
        tenant_group: tenant_group.id, deal: d.id} AS record
UNION ALL
MATCH (:Organization {id: $maker})-[mg:IN_GROUP]->(maker_group:Organization)
WHERE $min_confidence_rank IN mg.levels
  AND CASE WHEN $as_of_day IS NULL THEN mg.current
      ELSE (mg.first_day IS NULL OR mg.first_day <= $as_of_day)
       AND (mg.last_day IS NULL OR mg.last_day >= $as_of_day) END
MATCH (supplier:Organization)-[sp:PARTY_TO]->(d:Deal)<-[cp:PARTY_TO]-(customer:Organization)
WHERE d.kind IN $chip_kinds AND sp.role = $supplier_role AND cp.role = $customer_role
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
MATCH (supplier)-[sg:IN_GROUP]->(maker_group)
WHERE $min_confidence_rank IN sg.levels
  AND CASE WHEN $as_of_day IS NULL THEN sg.current
      ELSE (sg.first_day IS NULL OR sg.first_day <= $as_of_day)
       AND (sg.last_day IS NULL OR sg.last_day >= $as_of_day) END
MATCH (customer)-[kg:IN_GROUP]->(customer_group:Organization)
WHERE $min_confidence_rank IN kg.levels
  AND CASE WHEN $as_of_day IS NULL THEN kg.current
      ELSE (kg.first_day IS NULL OR kg.first_day <= $as_of_day)
       AND (kg.last_day IS NULL OR kg.last_day >= $as_of_day) END
RETURN DISTINCT {type: 'supply', maker_group: maker_group.id, deal: d.id,
        customer_group: customer_group.id, quantities: d.quantities} AS record
