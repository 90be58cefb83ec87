import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';

/** The last GSI requests: acceptance, fallbacks and where the time went. */
export class QwcGsiRequests extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 10px; height: 100%; padding: 0 15px; }
        vaadin-grid { height: 100%; }
    `;

    static properties = {
        _requests: { state: true },
    };

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
    }

    _refresh() {
        this.jsonRpc.getRecentRequests().then(response => {
            this._requests = response.result.map(r => ({
                ...r,
                time: new Date(r.at).toLocaleTimeString(),
                total: r.totalMs.toFixed(0),
                acceptance: (100 * r.acceptanceRate).toFixed(0) + '%',
                phases: `draft ${r.draftMs.toFixed(0)} · reward ${r.rewardMs.toFixed(0)} · base score ${r.baseScoreMs.toFixed(0)}`
                    + ` · base generate ${r.baseGenerateMs.toFixed(0)} · other ${r.otherMs.toFixed(0)} ms`,
            }));
        });
    }

    render() {
        if (!this._requests) {
            return html`<span>Loading…</span>`;
        }
        return html`
            <vaadin-button @click=${() => this._refresh()}>Refresh</vaadin-button>
            ${this._requests.length === 0
                ? html`<span>No GSI requests yet: ask something in the Chat page or through an AI service.</span>`
                : html`
            <vaadin-grid .items=${this._requests} theme="row-stripes wrap-cell-content">
                <vaadin-grid-column path="time" header="Time" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="model" header="Model" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="policy" header="Policy" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="steps" header="Steps" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="acceptance" header="From draft" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="fallbackSteps" header="Fallbacks" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="degradedSteps" header="Degraded" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="baseTokensGenerated" header="Base tokens generated" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="total" header="Total ms" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="phases" header="Phases" width="22em" flex-grow="1"></vaadin-grid-column>
            </vaadin-grid>`}
        `;
    }
}
customElements.define('qwc-gsi-requests', QwcGsiRequests);
