// The official SDK ships no types; the tests use it exactly as a shop's JavaScript would.
declare module 'authorizenet' {
  const sdk: { APIContracts: any; APIControllers: any; Constants: { endpoint: { sandbox: string; production: string } } };
  export default sdk;
}
