import type { Preset } from '../preset.ts';

/**
 * Meta Ads Manager export (Reports > Export table data, CSV). Headers follow the account
 * language and the spend header carries the account currency: "Amount spent (EUR)" /
 * "Montant dépensé (EUR)". A French account writes `;`, dd/mm/yyyy and decimal commas.
 * With a daily breakdown "Day" / "Jour" is the date; otherwise each row covers "Reporting
 * starts" to "Reporting ends" and its spend is spread over those days.
 */
export const metaAds = {
  id: 'meta-ads',
  label: 'Meta Ads Manager export',
  kind: 'cost',
  columns: [
    // A daily breakdown dates each row ("Day"); without it each row spans "Reporting starts" to
    // "Reporting ends" (the report's range): preferred in this order.
    { field: 'date', headers: ['Day', 'Jour', 'Dia', 'Tag', 'Día', 'Giorno'], type: 'date' },
    {
      field: 'date',
      headers: ['Reporting starts', 'Début des rapports', 'Início dos relatórios', 'Berichtsstart'],
      type: 'date',
      spanStart: true,
    },
    {
      field: 'endDate',
      headers: ['Reporting ends', 'Fin des rapports', 'Término dos relatórios', 'Berichtsende'],
      type: 'date',
    },
    { field: 'campaign', headers: ['Campaign name', 'Nom de la campagne'], type: 'text' },
    { field: 'audience', headers: ['Ad set name', "Nom de l'ensemble de publicités"], type: 'text' },
    { field: 'ad', headers: ['Ad name', 'Nom de la publicité'], type: 'text' },
    {
      field: 'amount',
      headers: ['Amount spent', 'Montant dépensé'],
      headerPattern: '^(?:Amount spent|Montant dépensé) \\((?<currency>[A-Z]{3})\\)$',
      type: 'money',
    },
    { field: 'impressions', headers: ['Impressions'], type: 'integer' },
    // What Meta counted itself: "Leads" (Instant Forms and pixel leads), or "Results" when the
    // campaign's result is a lead ("Result indicator" actions:lead…, "Result type" Leads).
    { field: 'platformLeads', headers: ['Leads', 'Prospects', 'Leads (formulaire)'], type: 'number' },
    { field: 'results', headers: ['Results', 'Résultats', 'Resultados'], type: 'number' },
    {
      field: 'resultType',
      headers: ['Result indicator', 'Result type', 'Indicateur de résultat', 'Type de résultat'],
      type: 'text',
    },
    { field: 'clicks', headers: ['Link clicks', 'Clics sur un lien', 'Clics sur le lien'], type: 'integer' },
    { field: 'country', headers: ['Country', 'Pays'], type: 'text' },
    // Breakdowns (Ads Manager > Breakdown > Delivery / Time). Each row of such an export is a
    // slice of spend; reading them keeps the slices apart and makes them dimensions.
    { field: 'age', headers: ['Age', 'Âge'], type: 'text' },
    { field: 'gender', headers: ['Gender', 'Sexe'], type: 'text' },
    {
      field: 'device',
      headers: ['Impression device', 'Device platform', "Appareil d'impression"],
      type: 'text',
    },
    // "Platform" (facebook, instagram…) and "Placement" (Feed, Stories…) read as one placement.
    { field: 'placement', headers: ['Platform', 'Plateforme'], type: 'text' },
    { field: 'placement', headers: ['Placement', 'Emplacement'], type: 'text', join: ' ' },
    {
      field: 'hour',
      headers: [
        'Time of day (ad account time zone)',
        "Time of day (viewer's time zone)",
        'Time of day (viewer’s time zone)',
      ],
      type: 'hour',
    },
  ],
  required: ['date', 'campaign', 'amount'],
  defaults: { channel: 'paid_social', source: 'facebook', kind: 'media' },
  summaryPatterns: [],
} as const satisfies Preset;
