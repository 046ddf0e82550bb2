/** An endpoint's event types as one column: ",a,b," so a type matches by substring ",type,"; "" takes every event. */
export const eventsColumn = (events: string[]) => (events.length === 0 ? '' : `,${events.join(',')},`);
export const eventsFromColumn = (column: string) => column.split(',').filter((e) => e !== '');
