/** The iframe page's entry: wires the app to its session, its API and the one parent it may talk to. */
import { createApi } from './api.ts';
import { CimFrameApp } from './app.ts';
import { createBridge, readParentOrigin } from './bridge.ts';

customElements.define('cim-frame-app', CimFrameApp);

const app = new CimFrameApp();
app.api = createApi(new URLSearchParams(location.search).get('session') ?? '');
app.bridge = createBridge(readParentOrigin());
document.body.append(app);
