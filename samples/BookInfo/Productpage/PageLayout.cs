using System.Text;
using System.Text.Encodings.Web;

namespace BookInfo.Productpage;

/// <summary>
/// The frame of productpage's pages: a look after Istio's Bootstrap 3 page (dark navigation bar, blue headings,
/// quoted reviews, glyph stars), with every asset inline so that the page works with no network.
/// </summary>
internal static class PageLayout
{
    /// <summary>Starts the document, up to and including the navigation bar and the sign-in dialog.</summary>
    public static void Open(StringBuilder html, string? user)
    {
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1.0">
            <title>Simple Bookstore App</title>
            <style>

            """).Append(Styles).Append("""

            </style>
            </head>
            <body>
            <svg width="0" height="0" style="position:absolute" aria-hidden="true">
              <symbol id="icon-star" viewBox="0 0 24 24"><path d="M12 1.7l3.2 6.6 7.2 1-5.2 5.1 1.2 7.2L12 18.2l-6.4 3.4 1.2-7.2L1.6 9.3l7.2-1z"/></symbol>
              <symbol id="icon-user" viewBox="0 0 24 24"><circle cx="12" cy="7" r="5"/><path d="M2 23c0-5.5 4.5-9 10-9s10 3.5 10 9z"/></symbol>
            </svg>
            <nav class="navbar navbar-inverse navbar-static-top">
              <div class="container">
                <div class="navbar-header"><a class="navbar-brand" href="#">BookInfo Sample</a></div>

            """);
        if (user is not null)
        {
            html.Append("    <p class=\"navbar-text navbar-right\">").Append(Icon("glyphicon glyphicon-user", "icon-user", filled: true))
                .Append("<span style=\"padding-left: 5px;\">").Append(HtmlEncoder.Default.Encode(user))
                .Append(" ( <a href=\"logout\">sign out</a> )</span></p>\n");
        }
        else
        {
            html.Append("    <a class=\"btn btn-default navbar-btn navbar-right\" href=\"#login-modal\">Sign in</a>\n");
        }

        html.Append("""
              </div>
            </nav>
            <div class="modal" id="login-modal" role="dialog" aria-labelledby="login-title">
              <div class="modal-dialog">
                <div class="modal-content">
                  <div class="modal-header">
                    <a class="close" href="#" aria-label="Close">&times;</a>
                    <h4 class="modal-title" id="login-title">Please sign in</h4>
                  </div>
                  <div class="modal-body">
                    <form method="post" action="login" name="login_form">
                      <p><input type="text" class="form-control" name="username" id="username" placeholder="User Name"></p>
                      <p><input type="password" class="form-control" name="passwd" placeholder="Password"></p>
                      <p><button type="submit" class="btn btn-primary">Sign in</button> <a class="btn btn-default" href="#">Cancel</a></p>
                    </form>
                  </div>
                </div>
              </div>
            </div>

            """);
    }

    /// <summary>Ends the document.</summary>
    public static void Close(StringBuilder html) => html.Append("</body>\n</html>\n");

    /// <summary>
    /// A glyph in the place of a Bootstrap glyphicon, with the same class, so that scripts counting "glyphicon-star"
    /// still work. The style hangs on the svg's own class for that reason: the words must appear only where a star does.
    /// </summary>
    public static string Icon(string cssClass, string symbol, bool filled) =>
        $"<span class=\"{cssClass}\" aria-hidden=\"true\"><svg class=\"{(filled ? "full" : "outline")}\"><use href=\"#{symbol}\"/></svg></span>";

    private const string Styles = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;font-size:14px;line-height:1.42857;color:#333;background:#fff}
        a{color:#337ab7;text-decoration:none}
        a:hover,a:focus{color:#23527c;text-decoration:underline}
        h3,h4{font-weight:500;line-height:1.1;margin:20px 0 10px}
        h3{font-size:24px}
        h4{font-size:18px}
        p{margin:0 0 10px}
        .text-center{text-align:center}
        .text-primary{color:#337ab7}
        .navbar{min-height:50px;margin-bottom:20px;border:1px solid transparent}
        .navbar-inverse{background:linear-gradient(to bottom,#3c3c3c 0,#222 100%);border-color:#080808}
        .navbar-static-top{border-width:0 0 1px}
        .container{display:flex;align-items:center;justify-content:space-between;flex-wrap:wrap;margin:0 auto;padding:0 15px}
        @media (min-width:768px){.container{width:750px}}
        @media (min-width:992px){.container{width:970px}}
        @media (min-width:1200px){.container{width:1170px}}
        .navbar-brand{display:block;height:50px;padding:15px;margin-left:-15px;font-size:18px;line-height:20px;color:#9d9d9d;text-shadow:0 -1px 0 rgba(0,0,0,.25)}
        .navbar-brand:hover,.navbar-brand:focus{color:#fff;text-decoration:none}
        .navbar-text{margin:15px 0;color:#9d9d9d}
        .navbar-text a{color:#9d9d9d}
        .navbar-text a:hover{color:#fff}
        .navbar-btn{margin:8px 0}
        .btn{display:inline-block;padding:6px 12px;font-size:14px;line-height:1.42857;text-align:center;white-space:nowrap;vertical-align:middle;cursor:pointer;border:1px solid transparent;border-radius:4px}
        .btn:hover,.btn:focus{text-decoration:none}
        .btn-default{color:#333;background:linear-gradient(to bottom,#fff 0,#e0e0e0 100%);border-color:#ccc;text-shadow:0 1px 0 #fff}
        .btn-default:hover{color:#333;background:#e0e0e0}
        .btn-primary{color:#fff;background:linear-gradient(to bottom,#337ab7 0,#265a88 100%);border-color:#245580}
        .btn-primary:hover{background:#265a88}
        .container-fluid{padding:0 15px}
        .row{display:flex;flex-wrap:wrap;margin:0 -15px}
        .col-md-12,.col-md-6{width:100%;padding:0 15px}
        @media (min-width:992px){.col-md-6{width:50%}}
        blockquote{padding:10px 20px;margin:0 0 20px;font-size:17.5px;border-left:5px solid #eee}
        blockquote p{margin:0 0 10px}
        blockquote small{display:block;font-size:80%;line-height:1.42857;color:#777}
        blockquote small::before{content:"\2014 \00A0"}
        dl{margin:0 0 20px}
        dt{font-weight:700}
        dd{margin:0}
        .glyphicon{display:inline-block;width:1em;height:1em;position:relative;top:2px;margin-right:1px}
        .glyphicon svg{display:block;width:100%;height:100%}
        .glyphicon svg.full{fill:currentColor}
        .glyphicon svg.outline{fill:none;stroke:currentColor;stroke-width:1.6}
        .modal{display:none;position:fixed;inset:0;z-index:1050;overflow:auto;background:rgba(0,0,0,.5)}
        .modal:target{display:block}
        .modal-dialog{width:600px;max-width:calc(100% - 20px);margin:30px auto}
        .modal-content{background:#fff;border:1px solid rgba(0,0,0,.2);border-radius:6px;box-shadow:0 5px 15px rgba(0,0,0,.5)}
        .modal-header{padding:15px;border-bottom:1px solid #e5e5e5}
        .modal-title{margin:0;line-height:1.42857}
        .modal-body{padding:15px}
        .close{float:right;font-size:21px;font-weight:700;line-height:1;color:#000;opacity:.2}
        .close:hover{opacity:.5;color:#000;text-decoration:none}
        .form-control{display:block;width:100%;height:34px;padding:6px 12px;font-size:14px;color:#555;border:1px solid #ccc;border-radius:4px;box-shadow:inset 0 1px 1px rgba(0,0,0,.075)}
        .table{width:100%;margin-bottom:20px;border-collapse:collapse}
        .table th,.table td{padding:5px;border:1px solid #ddd;text-align:left;vertical-align:top}
        .table tr:hover td{background:#f5f5f5}
        """;
}
