// Checks that a file is well-formed JUnit XML as CI systems read it: a
// <testsuites> root whose tests/failures/errors attributes match its
// <testcase>, <failure> and <error> elements. Exit 0 when it is, 1 with the
// reason otherwise. usage: mono JunitCheck.exe FILE.xml EXPECTED_TESTS
using System;
using System.Xml;

public static class JunitCheck
{
    static int Fail(string why)
    {
        Console.Error.WriteLine("JunitCheck: " + why);
        return 1;
    }

    public static int Main(string[] args)
    {
        var doc = new XmlDocument();
        try { doc.Load(args[0]); }
        catch (XmlException e) { return Fail("not well-formed XML: " + e.Message); }
        XmlElement root = doc.DocumentElement;
        if (root.Name != "testsuites")
            return Fail("root is <" + root.Name + ">, not <testsuites>");
        int cases = doc.GetElementsByTagName("testcase").Count;
        int failures = doc.GetElementsByTagName("failure").Count;
        int errors = doc.GetElementsByTagName("error").Count;
        if (cases != int.Parse(args[1]))
            return Fail(cases + " testcases, expected " + args[1]);
        if (root.GetAttribute("tests") != cases.ToString() || root.GetAttribute("failures") != failures.ToString() ||
            root.GetAttribute("errors") != errors.ToString())
            return Fail("the counts in <testsuites> do not match its testcases");
        foreach (XmlElement c in doc.GetElementsByTagName("testcase"))
            if (c.GetAttribute("name") == "" || c.GetAttribute("classname") == "")
                return Fail("a testcase without name or classname");
        Console.WriteLine("JunitCheck: " + cases + " testcases, " + failures + " failures, " + errors + " errors");
        return 0;
    }
}
