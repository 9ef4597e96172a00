// Azure's status RSS 2.0, read by a real XML parser (fast-xml-parser): one
// `<item>` per active incident; a channel without items is Azure's normal
// all-clear. The document must be well-formed XML; entities of a DOCTYPE are
// never expanded, and nesting is bounded by the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { knownRegions } from '../../catalog/index';
import type { FeedIncident, FeedKind } from './feed-kind';
import { cleanTitle, isoOrNull, safeLink } from './feed-text';

const AZURE_DASHBOARD = 'https://azure.status.microsoft/en-us/status/';

/** A `<category>` naming one of Azure's regions ("West Europe" is `westeurope`) scopes the item. */
const AZURE_REGION_IDS = knownRegions('azure');

const parser = new XMLParser({
  ignoreAttributes: true,
  // Text stays text: "2026" in a title is not a number.
  parseTagValue: false,
  // Numeric character references (&#x41;) are decoded with these, besides the five of XML.
  htmlEntities: true,
  isArray: (_name, path) => path === 'rss.channel.item' || path === 'rss.channel.item.category',
});

/** An element's text; markup inside it (which RSS does not use in these fields) leaves only its own text. */
const text = z
  .unknown()
  .optional()
  .transform((value): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && typeof (value as { '#text'?: unknown })['#text'] === 'string') {
      return (value as { '#text': string })['#text'];
    }
    return '';
  });

const rssDocument = z.object({
  rss: z.object({
    // An empty `<channel/>` parses as ''.
    channel: z.union([
      z.literal(''),
      z.object({
        item: z
          .array(z.object({ title: text, link: text, pubDate: text, category: z.array(text).optional() }))
          .optional(),
      }),
    ]),
  }),
});

function parseRss(document: string): z.output<typeof rssDocument> | null {
  try {
    if (XMLValidator.validate(document) !== true) return null;
    const parsed = rssDocument.safeParse(parser.parse(document));
    return parsed.success ? parsed.data : null;
  } catch {
    // Nesting past the parser's bound, and anything else shaped to trip it: not the expected document.
    return null;
  }
}

/** Items titled `[RESOLVED] ...` are closed. */
export function parseAzureStatusRss(document: string): FeedIncident[] | null {
  const rss = parseRss(document);
  if (!rss) return null;
  const items = rss.rss.channel === '' ? [] : (rss.rss.channel.item ?? []);
  return items.flatMap((item) => {
    if (/^\s*[[(]\s*resolved\s*[\])]/i.test(item.title)) return [];
    const published = isoOrNull(item.pubDate);
    const regions = (item.category ?? [])
      .map((category) => category.toLowerCase().replace(/\s+/g, ''))
      .filter((id) => AZURE_REGION_IDS.has(id));
    return [
      {
        title: cleanTitle(item.title),
        url: safeLink(item.link, AZURE_DASHBOARD),
        startedAt: published,
        updatedAt: published,
        regions,
      },
    ];
  });
}

export const azureRssFeed: FeedKind = {
  documentUrl: (feed) => feed.url,
  accept: 'application/rss+xml, text/xml;q=0.9, */*;q=0.1',
  parse: (text) => parseAzureStatusRss(text),
};
