"""Money flows as they were made before their intervals came from one ``payment_bounds`` per
deal: every interval asked of the deal's own methods. Kept as the oracle of
``graph.money.deal_flows`` (tests/test_columnar.py)."""

from __future__ import annotations

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import Deal
from aigraph.graph.model.vocabulary import FlowCategory
from aigraph.graph.money import FlowFilter, MoneyFlow, _name, flow_amounts, group_of


def deal_flows_per_record(
    dataset: Dataset, deal: Deal, groups: FlowFilter | None = None
) -> list[MoneyFlow]:
    """Return the money flows of one deal (none when its kind moves no money), with payer and
    payee groups as of the filter's date and confidence."""
    if deal.flow is FlowCategory.NONE:
        return []
    chosen = groups or FlowFilter()
    bounds = deal.payment_bounds()
    payment = deal.payment_interval()
    holding = deal.holding_interval()
    in_force = holding or payment
    sources = dataset.best_first(
        deal.sources_stating("value", "reported_total") or deal.source_ids()
    )
    flows = []
    for payer in deal.payers():
        for payee in deal.payees():
            flows.append(
                MoneyFlow(
                    deal=deal.id,
                    title=deal.title,
                    kind=deal.kind,
                    flow=deal.flow,
                    shape=deal.kind.spec.shape,
                    payer=payer,
                    payee=payee,
                    payer_name=_name(dataset, payer),
                    payee_name=_name(dataset, payee),
                    payer_group=group_of(dataset, payer, chosen.as_of, chosen.min_confidence),
                    payee_group=group_of(dataset, payee, chosen.as_of, chosen.min_confidence),
                    status=deal.status,
                    confidence=deal.confidence,
                    active=dataset.is_active(deal),
                    superseded_by=dataset.superseded_by(deal.id),
                    **flow_amounts(deal),  # the amounts as deal_flows gives them
                    condition=deal.condition,
                    cash=deal.cash,
                    status_changed=deal.status_changed,
                    prior_status=deal.prior_status,
                    inactive_from=dataset.inactive_from(deal),
                    term=deal.term,
                    announced=deal.announced,
                    began=deal.began,
                    paid_from=payment[0] if payment else None,
                    paid_from_last=bounds.starts.last if bounds else None,
                    paid_until=payment[1] if payment else None,
                    paid_until_first=bounds.ends.first if bounds and bounds.ends else None,
                    in_force_from=in_force[0] if in_force else None,
                    in_force_until=in_force[1] if in_force else None,
                    one_date=deal.counts_for_a_window(),
                    sources=sources,
                )
            )
    return flows
