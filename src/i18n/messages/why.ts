import type { MessageTable } from '../table.ts';

/** `why <metric>`: explaining a change (the command, its answers, digest and alert lines), English and French. */
export const whyMessages = {
  'why.not_decomposable': {
    en: '{metric} does not split into group contributions (a median, a count of distinct customers, a share of a total or a configured constant). Try why with cpl, cac, roi, a stage conversion such as mql_to_sql, leads, spend or revenue.',
    fr: '{metric} ne se décompose pas en contributions par groupe (médiane, nombre de clients distincts, part d’un total ou constante configurée). Essayez why avec cpl, cac, roi, une conversion d’étape comme mql_to_sql, leads, spend ou revenue.',
  },
  'why.no_previous': {
    en: 'The period {period} has no period before it to compare with: add vs=<period> (for example vs=2026-Q2).',
    fr: 'La période {period} n’a pas de période précédente à comparer : ajoutez vs=<période> (par exemple vs=2026-Q2).',
  },
  'why.no_cost_dimension': {
    en: 'Spend is not recorded by {dimension}, so {metric} cannot be split by it. Try by=campaign, by=channel or by=source.',
    fr: 'Les dépenses ne sont pas ventilées par {dimension} : {metric} ne peut pas être décomposé ainsi. Essayez by=campaign, by=channel ou by=source.',
  },
  'why.no_lead_dimension': {
    en: 'Leads are not recorded by {dimension} (an ad-platform breakdown), so {metric} cannot be split by it. Try by=campaign, by=channel or by=source.',
    fr: 'Les leads ne sont pas ventilés par {dimension} (une ventilation des plateformes publicitaires) : {metric} ne peut pas être décomposé ainsi. Essayez by=campaign, by=channel ou by=source.',
  },
  'why.no_metric': {
    en: 'Which metric should I explain? For example: why cpl period=last-week',
    fr: 'Quel indicateur expliquer ? Par exemple : pourquoi cpl period=last-week',
  },
  'why.one_metric': {
    en: 'why explains one metric at a time; "{token}" is a second one.',
    fr: 'pourquoi explique un seul indicateur à la fois ; « {token} » en est un second.',
  },
  'why.dimension_only': {
    en: 'why splits a change by a dimension (campaign, channel, source, owner…), not by "{token}".',
    fr: 'pourquoi décompose une variation par dimension (campaign, channel, source, owner…), pas par « {token} ».',
  },
  'why.title': { en: 'Why did {metric} move?', fr: 'Pourquoi {metric} a bougé ?' },
  'why.headline': {
    en: '{metric}: {previous} → {value}, {change} · {period} vs {previousPeriod}',
    fr: '{metric} : {previous} → {value}, {change} · {period} vs {previousPeriod}',
  },
  'why.na': {
    en: '{metric} is n/a in {period} ({reason}): there is no change to explain.',
    fr: '{metric} n’est pas disponible sur {period} ({reason}) : aucune variation à expliquer.',
  },
  'why.no_change': {
    en: '{metric} did not change ({value} in both periods).',
    fr: '{metric} n’a pas bougé ({value} sur les deux périodes).',
  },
  'why.noise': {
    en: 'Within noise: the two-proportion test gives {p} (on {volume} vs {previousVolume}), not below {alpha}. No driver is named.',
    fr: 'Dans le bruit : le test de deux proportions donne {p} (sur {volume} contre {previousVolume}), pas sous {alpha}. Aucun moteur n’est désigné.',
  },
  'why.low_volume': {
    en: 'Too little volume to tell a change from noise ({volume} vs {previousVolume}; at least {min} needed on each side). No driver is named.',
    fr: 'Trop peu de volume pour distinguer une variation du bruit ({volume} contre {previousVolume} ; il en faut au moins {min} de chaque côté). Aucun moteur n’est désigné.',
  },
  'why.significant': {
    en: 'Beyond noise: two-proportion test {p} (on {volume} vs {previousVolume}).',
    fr: 'Au-delà du bruit : test de deux proportions {p} (sur {volume} contre {previousVolume}).',
  },
  'why.mostly': {
    en: 'mostly {label} ({contribution} of {change})',
    fr: 'surtout {label} ({contribution} sur {change})',
  },
  'why.picked_auto': {
    en: 'Split by {dimension}: its top group explains {share} of the change (tried: {tried}).',
    fr: 'Décomposé par {dimension} : son premier groupe explique {share} de la variation (essayé : {tried}).',
  },
  'why.picked_specific': {
    en: 'Split by {dimension}: its top group explains {share} of the change (tried: {tried}); kept over {broader} because it is more specific and explains at least {ratio} of what {broader} does.',
    fr: 'Décomposé par {dimension} : son premier groupe explique {share} de la variation (essayé : {tried}) ; retenu plutôt que {broader} car plus précis : il explique au moins {ratio} de ce qu’explique {broader}.',
  },
  'why.offset': {
    en: 'The total did not move: the groups below offset each other (split by {dimension}).',
    fr: 'Le total n’a pas bougé : les groupes ci-dessous se compensent (décomposé par {dimension}).',
  },
  'why.picked_asked': {
    en: 'Split by {dimension}, as asked.',
    fr: 'Décomposé par {dimension}, comme demandé.',
  },
  'why.method_ratio': {
    en: 'Method: shift-share with midpoint weights on {formula}. For each group, mix (its share of the denominator moved) + rate (its own {metric} moved) = its contribution; the contributions add up exactly to the change.',
    fr: 'Méthode : shift-share à pondérations moyennes sur {formula}. Pour chaque groupe, mix (sa part du dénominateur a bougé) + taux (son propre {metric} a bougé) = sa contribution ; les contributions s’additionnent exactement à la variation.',
  },
  'why.method_sum': {
    en: 'Method: a sum splits directly; each group contributes its own change, and the contributions add up exactly to the change.',
    fr: 'Méthode : une somme se décompose directement ; chaque groupe apporte sa propre variation, et les contributions s’additionnent exactement à la variation.',
  },
  'why.check': {
    en: 'Check: {parts} = {change}',
    fr: 'Vérification : {parts} = {change}',
  },
  'why.others': { en: 'others ({count})', fr: 'autres ({count})' },
  'why.col.group': { en: 'group', fr: 'groupe' },
  'why.col.contribution': { en: 'contribution', fr: 'contribution' },
  'why.col.mix': { en: 'mix', fr: 'mix' },
  'why.col.rate': { en: 'rate', fr: 'taux' },
  'why.col.share': { en: 'share', fr: 'part' },
  'why.col.value': { en: 'now', fr: 'actuel' },
  'why.col.previous': { en: 'before', fr: 'avant' },
  'why.fallback': {
    en: '{metric} {change} ({period} vs {previousPeriod})',
    fr: '{metric} {change} ({period} vs {previousPeriod})',
  },
  'why.digest_line': {
    en: '{metric} {relative}: mostly {label} ({contribution} of {change})',
    fr: '{metric} {relative} : surtout {label} ({contribution} sur {change})',
  },
  'why.digest_section': {
    en: 'What moved the headline numbers',
    fr: 'Ce qui a fait bouger les chiffres clés',
  },
  'why.digest_top': {
    en: '{metric} {relative} by {dimension}: {drivers} (of {change})',
    fr: '{metric} {relative} par {dimension} : {drivers} (sur {change})',
  },
  'why.digest_concentration': {
    en: 'concentrated in {dimension} {label} ({contribution} of {change})',
    fr: 'concentrée sur {dimension} {label} ({contribution} sur {change})',
  },
  'why.alert_driver': {
    en: 'Top driver against the previous window ({previousPeriod}): {dimension} {label} ({contribution} of {change}).',
    fr: 'Premier moteur face à la fenêtre précédente ({previousPeriod}) : {dimension} {label} ({contribution} sur {change}).',
  },
  'why.help.title': { en: 'Explain a change: why', fr: 'Expliquer une variation : pourquoi (why)' },
  'why.help.usage': {
    en: 'why <metric> [filters] [period=<period>] [vs=previous | vs=<period>] [by=<dimension>]. Default: last-week against the week before.',
    fr: 'pourquoi <indicateur> [filtres] [period=<période>] [vs=previous | vs=<période>] [by=<dimension>]. Par défaut : last-week contre la semaine précédente.',
  },
  'why.help.what': {
    en: 'Answers with the metric in both periods, the change, and each group’s contribution to it: the top 3 by size, the rest as "others". Without by=, it tries campaign, channel, source and owner (spend is not split by owner) and keeps the one whose top group explains the largest share of the change; a more specific one (campaign before channel) is kept while it explains at least {specific} % of what the broader one does.',
    fr: 'Répond avec l’indicateur sur les deux périodes, la variation, et la contribution de chaque groupe : les 3 plus grandes, le reste en « autres ». Sans by=, essaie campaign, channel, source et owner (les dépenses ne sont pas ventilées par owner) et garde celle dont le premier groupe explique la plus grande part de la variation ; une plus précise (campaign avant channel) est gardée tant qu’elle explique au moins {specific} % de ce qu’explique la plus large.',
  },
  'why.help.sums': {
    en: 'Sums (leads, MQLs, customers, spend, revenue, profit): a group’s contribution is its own change.',
    fr: 'Sommes (leads, MQL, clients, dépenses, CA, profit) : la contribution d’un groupe est sa propre variation.',
  },
  'why.help.ratios': {
    en: 'Ratios (CPL, CAC, CPA, cost per MQL, stage conversions, ROI…), R = Σnᵢ / Σdᵢ = Σ wᵢ·rᵢ with wᵢ the group’s share of the denominator and rᵢ its own ratio: shift-share with midpoint weights (the Bennet decomposition). Mix = (w₁ − w₀)·(r₀ + r₁)/2, rate = (r₁ − r₀)·(w₀ + w₁)/2; mix + rate = w₁r₁ − w₀r₀, so the contributions add up exactly to the change, with no residual. A group that starts or stops is all mix; spend with no lead at all is rate.',
    fr: 'Ratios (CPL, CAC, CPA, coût par MQL, conversions d’étape, ROI…), R = Σnᵢ / Σdᵢ = Σ wᵢ·rᵢ avec wᵢ la part du groupe dans le dénominateur et rᵢ son propre ratio : shift-share à pondérations moyennes (décomposition de Bennet). Mix = (w₁ − w₀)·(r₀ + r₁)/2, taux = (r₁ − r₀)·(w₀ + w₁)/2 ; mix + taux = w₁r₁ − w₀r₀, donc les contributions s’additionnent exactement à la variation, sans résidu. Un groupe qui démarre ou s’arrête est tout en mix ; une dépense sans aucun lead est du taux.',
  },
  'why.help.volume': {
    en: 'Groups with fewer than {min} of the ratio’s volume (leads for CPL, customers for CAC) in both periods go to "others". For rates (conversions, CTR, win rate) the change is tested like the digest’s drops (two-proportion test, p < {alpha}, at least {noiseMin} on each side): within noise, no driver is named.',
    fr: 'Les groupes avec moins de {min} unités de volume du ratio (leads pour le CPL, clients pour le CAC) sur les deux périodes vont dans « autres ». Pour les taux (conversions, CTR, taux de réussite) la variation est testée comme les baisses du digest (test de deux proportions, p < {alpha}, au moins {noiseMin} de chaque côté) : dans le bruit, aucun moteur n’est désigné.',
  },
} as const satisfies MessageTable;
