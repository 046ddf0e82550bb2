import type { PageContext } from './context.ts';
import { LightElement } from './light-element.ts';

/** A console page: gets the app's context, and says what went wrong in the page's live region. */
export class ConsolePage extends LightElement {
  static override properties = { ctx: { attribute: false } };
  declare ctx: PageContext;

  /** Runs an API call, reporting its failure to the user instead of throwing. */
  protected async attempt<T>(work: () => Promise<T>, done?: string): Promise<T | undefined> {
    try {
      const result = await work();
      if (done) this.ctx.announce(done);
      return result;
    } catch (error) {
      this.ctx.announce((error as Error).message, 'error');
      return undefined;
    }
  }
}
