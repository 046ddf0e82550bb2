/** The console page's entry: one element, which signs in and then shows the pages. */
import './console.css';
import { CimConsole } from './console-app.ts';
import { CustomerPage } from './pages/customer-page.ts';
import { CustomersPage } from './pages/customers-page.ts';
import { AuditPage } from './pages/audit-page.ts';
import { ExpiringPage } from './pages/expiring-page.ts';
import { SettingsPage } from './pages/settings-page.ts';
import { StaffPage } from './pages/staff-page.ts';
import { WebhooksPage } from './pages/webhooks-page.ts';
import { PasswordForm } from './pages/password-form.ts';
import { SignInForm } from './pages/sign-in-form.ts';

const elements: Array<[string, CustomElementConstructor]> = [
  ['cim-console', CimConsole],
  ['cim-sign-in', SignInForm],
  ['cim-password-form', PasswordForm],
  ['cim-customers-page', CustomersPage],
  ['cim-customer-page', CustomerPage],
  ['cim-audit-page', AuditPage],
  ['cim-expiring-page', ExpiringPage],
  ['cim-settings-page', SettingsPage],
  ['cim-staff-page', StaffPage],
  ['cim-webhooks-page', WebhooksPage],
];
for (const [tag, ctor] of elements) if (!customElements.get(tag)) customElements.define(tag, ctor);
