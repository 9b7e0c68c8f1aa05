/** One refund the fake billing API performed. */
export interface Refund {
  invoiceId: string;
  amountCents: number;
}

/** The internal API the pipeline calls: Sentrail does not proxy it, so the guard gates it with evaluate-action. */
export interface BillingApi {
  listInvoices(customerId: string): Promise<string[]>;
  refundInvoice(invoiceId: string, amountCents: number, signal: AbortSignal): Promise<Refund>;
  deleteCustomer(customerId: string): Promise<void>;
  /** Every side effect, so the story can prove what ran and how often. */
  readonly refunds: Refund[];
  readonly deletedCustomers: string[];
}

/**
 * An in-memory stand-in for a company's billing service, with the side effects recorded.
 *
 * @example
 * ```ts
 * const billing = createBillingApi();
 * await billing.refundInvoice("in_1", 4200, AbortSignal.timeout(5000));
 * billing.refunds.length; // => 1
 * ```
 */
export function createBillingApi(): BillingApi {
  const refunds: Refund[] = [];
  const deletedCustomers: string[] = [];
  return {
    refunds,
    deletedCustomers,
    async listInvoices(customerId) {
      return [`${customerId}-in_1`, `${customerId}-in_2`];
    },
    async refundInvoice(invoiceId, amountCents, signal) {
      signal.throwIfAborted();
      const refund = { invoiceId, amountCents };
      refunds.push(refund);
      return refund;
    },
    async deleteCustomer(customerId) {
      deletedCustomers.push(customerId);
    },
  };
}
