import type { Preset } from '../preset.ts';

/**
 * Pipedrive deals export (Deals > … > Export, CSV). Columns are prefixed by the entity
 * ("Deal - Value", "Person - Email - Work", "Organization - Name") in current exports; older
 * exports and the list view write bare labels. Every value is quoted; times are "YYYY-MM-DD
 * HH:mm:ss"; values are unformatted ("2136.38"). Checked against real downloads (see
 * test/fixtures/README.md): a current export may carry "Deal - Deal closed on" and no
 * "Deal - Won time" / "Deal - Lost time", so the close date dates a won or lost deal.
 *
 * "Deal - Status" (Open / Won / Lost) is what says where a deal ends: it fills `stage`, the
 * field stage dates are inferred from. "Deal - Stage" is the team's own pipeline step
 * ("Consideration", "Success" for a won deal in one real export) and implies nothing, so it is
 * not read. "Deal - Currency of Value" goes through the per-row currency path like any
 * "Currency code" column. "Deal - Source channel" (or a custom "Deal - Source") is the channel.
 * Exports follow the user's language: French ("Affaire - Valeur", "Affaire - Statut", "Affaire -
 * Date de gain") and Brazilian Portuguese ("Negócio - Valor", "Negócio - Status" Ganho / Perdido /
 * Aberto, "Negócio - Ganho em") labels, as code reading real exports spells them, are read too.
 */
export const pipedriveDeals = {
  id: 'pipedrive-deals',
  label: 'Pipedrive deals export',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Deal - ID', 'ID', 'Affaire - ID', 'Negócio - ID'], type: 'text' },
    {
      field: 'createdAt',
      headers: [
        'Deal - Deal created',
        'Deal - Add time',
        'Deal - Deal created on',
        'Deal - Creation date',
        'Deal created',
        'Add time',
        'Affaire - Affaire créée',
        'Negócio - Negócio criado em',
        'Negócio - Data de criação do negócio',
      ],
      type: 'datetime',
    },
    {
      field: 'stage',
      headers: ['Deal - Status', 'Status', 'Affaire - Statut', 'Negócio - Status'],
      type: 'text',
    },
    {
      field: 'amount',
      headers: ['Deal - Value', 'Value', 'Affaire - Valeur', 'Negócio - Valor', 'Negócio - Valor do negócio'],
      type: 'money',
    },
    {
      field: 'currency',
      headers: [
        'Deal - Currency of Value',
        'Deal - Currency',
        'Currency of Value',
        'Currency',
        'Negócio - Moeda de Valor',
      ],
      type: 'text',
    },
    {
      field: 'customerAt',
      headers: ['Deal - Won time', 'Won time', 'Affaire - Date de gain', 'Negócio - Ganho em'],
      type: 'datetime',
    },
    {
      field: 'lostAt',
      headers: ['Deal - Lost time', 'Lost time', 'Affaire - Date de perte', "Affaire - Heure de l'échec"],
      type: 'datetime',
    },
    {
      field: 'closedAt',
      headers: ['Deal - Deal closed on', 'Deal - Closed on', 'Deal - Close time', 'Deal closed on'],
      type: 'datetime',
    },
    { field: 'updatedAt', headers: ['Deal - Update time', 'Update time'], type: 'datetime' },
    {
      field: 'owner',
      headers: ['Deal - Owner', 'Owner', 'Affaire - Propriétaire', 'Negócio - Proprietário'],
      type: 'text',
    },
    {
      field: 'email',
      headers: ['Person - Email - Work', 'Person - Email', 'Person - Email - Other', 'Person - Email - Home'],
      type: 'text',
    },
    {
      field: 'phone',
      headers: [
        'Person - Phone - Work',
        'Person - Phone',
        'Person - Phone - Mobile',
        'Person - Phone - Other',
        'Person - Phone - Home',
      ],
      type: 'text',
    },
    {
      field: 'channel',
      headers: ['Deal - Source channel', 'Deal - Source', 'Source channel', 'Source'],
      type: 'text',
    },
    { field: 'campaign', headers: ['Deal - Source Campaign', 'Deal - Campaign'], type: 'text' },
    { field: 'product', headers: ['Deal - Pipeline', 'Pipeline', 'Negócio - Funil'], type: 'text' },
    {
      field: 'customerId',
      headers: [
        'Deal - Organization',
        'Organization - Name',
        'Organization',
        'Affaire - Organisation',
        'Negócio - Organização',
        'Organização - Nome',
      ],
      type: 'text',
    },
  ],
  required: ['recordId', 'createdAt', 'stage', 'amount'],
  summaryPatterns: [],
} as const satisfies Preset;
