import sdk from 'authorizenet';

export const { APIContracts: Contracts, APIControllers: Controllers } = sdk;

/**
 * Runs one request through the official SDK against `endpoint`: the only thing
 * a shop changes to move from Authorize.Net to CIM. The SDK never calls back
 * on a transport error (it only logs), so failures are picked up by polling.
 */
export function execute<T = any>(endpoint: string, controllerName: string, request: { getJSON(): object }, ResponseType: new (obj: object) => T): Promise<T> {
  const controller = new Controllers[controllerName](request.getJSON());
  controller.setEnvironment(endpoint);
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const error = controller.getError();
      if (error) finish(() => reject(error instanceof Error ? error : new Error(String(error))));
    }, 20);
    const timeout = setTimeout(() => finish(() => reject(new Error(`${controllerName}: no answer`))), 10_000);
    const finish = (settle: () => void) => {
      clearInterval(poll);
      clearTimeout(timeout);
      settle();
    };
    controller.execute(() =>
      finish(() => {
        try {
          resolve(new ResponseType(controller.getResponse()));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
  });
}

/** The first message of a parsed response, as SDK users read it. */
export function firstMessage(response: any): { resultCode: string; code: string; text: string } {
  const messages = response.getMessages();
  const [message] = messages.getMessage();
  return { resultCode: messages.getResultCode(), code: message.getCode(), text: message.getText() };
}
