// The customer's kind of service, for real: an ASMX WebService with the
// operations of scenarios/OrderImplService.wsdl, answering from its
// arguments, so the client scenarios can check every answer.
using System;
using System.Threading;
using System.Web.Services;
using System.Web.Services.Protocols;

namespace Leaklab.Service
{
    [WebService(Namespace = "http://leaklab.example/orders")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    public class OrderImplService : WebService
    {
        // Set by `leaklab serve --fault` / `--delay-ms`, to exercise the
        // clients' failure paths (see ServiceBehaviour below).
        void Misbehave()
        {
            ServiceBehaviour b = ServiceBehaviour.Current;
            if (b.DelayMs > 0)
                Thread.Sleep(b.DelayMs);
            if (b.Fault)
                throw new SoapException("the order service is failing on purpose (leaklab serve --fault)",
                                        SoapException.ServerFaultCode);
        }

        [WebMethod]
        public string GetOrderStatus(int orderId)
        {
            Misbehave();
            return Answers.OrderStatus(orderId);
        }

        [WebMethod]
        public int PlaceOrder(string customer, int quantity)
        {
            Misbehave();
            return Answers.OrderNumber(customer, quantity);
        }

        [WebMethod]
        public decimal OrderTotal(int quantity, decimal unitPrice)
        {
            Misbehave();
            return Answers.Total(quantity, unitPrice);
        }
    }

    [Serializable]
    public class ServiceBehaviour
    {
        public int DelayMs;
        public bool Fault;

        // Set in the ASP.NET domain by the host at start-up.
        public static ServiceBehaviour Current = new ServiceBehaviour();
    }
}
