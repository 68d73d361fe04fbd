// The answers of the order service, computed from the arguments. Compiled
// into the service and into the client scenarios, which check each answer
// they get against it.
namespace Leaklab.Service
{
    // The answers, shared with the client scenarios that check them.
    public static class Answers
    {
        public static string OrderStatus(int orderId)
        {
            return (orderId % 3 == 0 ? "shipped-" : orderId % 3 == 1 ? "packed-" : "pending-") + orderId;
        }

        public static int OrderNumber(string customer, int quantity)
        {
            return (customer ?? "").Length * 100000 + quantity;
        }

        public static decimal Total(int quantity, decimal unitPrice)
        {
            return quantity * unitPrice;
        }
    }
}
