package io.presence.service.errors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain servlet outside Jersey: its failures go through Jetty's error handler. */
public class BoomServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if ("/send".equals(request.getPathInfo())) {
            response.sendError(409, "already exists");
            return;
        }
        throw new ServletException("servlet exploded");
    }
}
