import type { WidgetConfig } from '../../widget-core/widget-types.ts';

/** The header's identity: an optional logo, the brand name or title (which names the dialog), an optional subtitle. */
export function Brand({ config: c, title }: { config: WidgetConfig; title: string }) {
  return (
    <div class="brand">
      {c.logoUrl && <img class="logo" src={c.logoUrl} alt="" width={24} height={24} />}
      <div>
        <h2 id="sc-title">{c.brandName || title}</h2>
        {c.subtitle && <p class="sub">{c.subtitle}</p>}
      </div>
    </div>
  );
}
