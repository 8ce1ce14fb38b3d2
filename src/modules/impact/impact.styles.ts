/**
 * The impact pages' own styles: chart colours, wide tables that scroll on a small phone, and the
 * print stylesheet for the one-page summary. Served as /impact/impact.css (CSP allows 'self').
 */
export const impactCss = `
.cg-table-scroll{overflow-x:auto;max-width:100%;margin-bottom:20px}
.cg-table-scroll .govuk-table{margin-bottom:0}
.cg-inline-form{margin-bottom:20px}
.cg-figure-link{font-weight:700}
.cg-panel-cashable{border-left:10px solid #00703c;padding:10px 15px;margin-bottom:20px;background:#f3f2f1}
.cg-panel-other{border-left:10px solid #1d70b8;padding:10px 15px;margin-bottom:20px;background:#f3f2f1}
.cg-big{font-family:arial,sans-serif;font-size:2.25rem;font-weight:700;line-height:1.1;display:block}
.cg-explain{color:#484949;font-size:1rem}
.cg-chart__label{font-family:arial,sans-serif}
.cg-tornado__low{fill:#d4351c}
.cg-tornado__high{fill:#00703c}
.cg-tornado__centre{stroke:#0b0c0c;stroke-width:2}
.cg-tornado__label{font-size:13px;fill:#0b0c0c;font-family:arial,sans-serif}
.cg-lines__costs{fill:none;stroke:#d4351c;stroke-width:3}
.cg-lines__benefits{fill:none;stroke:#00703c;stroke-width:3;stroke-dasharray:8 4}
.cg-key{display:inline-block;width:24px;height:4px;vertical-align:middle;margin-right:6px}
.cg-key--costs{background:#d4351c}
.cg-key--benefits{background:#00703c}
.cg-key--low{background:#d4351c;height:12px}
.cg-key--high{background:#00703c;height:12px}
.cg-print-only{display:none}
@media print{
  .govuk-template__header,.govuk-service-navigation,.govuk-phase-banner,.govuk-footer,.govuk-skip-link,.cg-no-print,.govuk-breadcrumbs,.govuk-back-link{display:none !important}
  .cg-print-only{display:block}
  body{font-size:11pt}
  .govuk-width-container{max-width:none;margin:0}
  .govuk-main-wrapper{padding:0}
  a[href]{color:#0b0c0c;text-decoration:none}
  .cg-summary-page{page-break-inside:avoid}
  .cg-chart__svg{max-height:6cm}
}
`;
