import type { Link } from '../../core/schema.ts';
import type { Strings } from './strings.ts';
import { Icon } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';
import { isCitation, safeUrl, titleFromUrl } from '../../chat/extract-links.ts';

const host = (url: string) => {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
};

/** A card's title: the link's own unless it only numbers a citation ("(1)", stored before issue 19 too), else one from its URL. */
const titleOf = (l: Link) => [l.title, l.label].find((t) => t?.trim() && !isCitation(t)) ?? titleFromUrl(l.url);

/** An answer's links as source cards (title, else label, else one from its URL; where it sits, its breadcrumbs, else its site) in a list named "Sources". Pages only: never a `mailto:`. */
export function Sources({ id, links, strings: s, onOpen }: { id: string; links: Link[]; strings: Strings; onOpen(link: Link): void }) {
  const safe = links.filter((l) => safeUrl(l.url)?.startsWith('http'));
  if (!safe.length) return null;
  return (
    <div class="srcs">
      <p class="srch" id={`src-${id}`}>
        {s.sources}
      </p>
      <ul aria-labelledby={`src-${id}`}>
        {safe.map((l) => (
          <li>
            <a class="src" href={safeUrl(l.url)!} target="_blank" rel="noopener noreferrer" onClick={() => onOpen(l)}>
              <Icon d={answerIcons.doc} />
              <span class="src-t">{titleOf(l)}</span>
              <span class="src-h">{(l.breadcrumbs?.length ? l.breadcrumbs : [host(l.url)]).join(' › ')}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
