/// The paths of service continuity, the public status page and the responders' pages.
extension OpenAPIDocument {
    static let continuity = """
          /api/v1/tokens:
            get:
              summary: "API tokens (never their secrets). Role admin."
              responses:
                "200":
                  description: "tokens"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [tokens]
                        properties: {tokens: {type: array, items: {$ref: "#/components/schemas/Token"}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: "Create a token (name, role); the answer holds its secret, shown only this once. Role admin."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the token with its secret"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, name, role, created_at, secret]
                        properties:
                          id: {type: integer}
                          name: {type: string}
                          role: {$ref: "#/components/schemas/Role"}
                          created_at: {type: string}
                          last_used_at: {type: [string, "null"]}
                          secret: {type: string}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409":
                  description: "the name is taken"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/tokens/{id}:
            delete:
              summary: "Delete a token; it stops working at once. Role admin."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "204": {description: "deleted"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/users:
            get:
              summary: "Users (never their password hashes). Role admin."
              responses:
                "200":
                  description: "users"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [users]
                        properties: {users: {type: array, items: {$ref: "#/components/schemas/UserAccount"}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: "Create a user (name, role, password: at least 12 characters, kept as bcrypt). Role admin."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the user"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/UserAccount"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409":
                  description: "the name is taken"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/users/{name}/password:
            put:
              summary: "Give a user a new password; their open sessions end. Role admin."
              parameters:
                - {name: name, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the user"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/UserAccount"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/catalogue:
            get:
              summary: "The service catalogue: data centres, systems, customer groups, services and their dependencies."
              responses:
                "200":
                  description: "the catalogue"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [data_centres, systems, customers, services]
                        properties:
                          data_centres: {type: array, items: {type: object}}
                          systems: {type: array, items: {type: object}}
                          customers: {type: array, items: {type: object}}
                          services: {type: array, items: {type: object}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/impact:
            post:
              summary: "What-if: what isolating systems, data centres or services would take down or degrade, whom it touches, and the plan to bring it back. Nothing is recorded."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the impact and the restoration plan"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [impact, plan]
                        properties:
                          impact: {$ref: "#/components/schemas/ContainmentImpact"}
                          plan: {$ref: "#/components/schemas/RestorationPlan"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/containments:
            get:
              summary: "Every containment recorded, with the impact it had then."
              responses:
                "200":
                  description: "containments, oldest first"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [containments]
                        properties: {containments: {type: array, items: {$ref: "#/components/schemas/Containment"}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: "Record a containment (who and why go to the audit log); the services it takes down go down as a precaution. Role responder."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the containment with its impact"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Containment"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/containments/{id}/lift:
            post:
              summary: "Lift a containment: its systems are back; the services restart by the restoration plan. Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the containment, lifted"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Containment"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "already lifted"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/services:
            get:
              summary: "Every service with its state on the page and its recovery."
              responses:
                "200":
                  description: "services in catalogue order"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [services]
                        properties:
                          services:
                            type: array
                            items:
                              type: object
                              required: [id, name, status]
                              properties:
                                id: {type: string}
                                name: {$ref: "#/components/schemas/LocalizedText"}
                                status: {$ref: "#/components/schemas/ComponentStatus"}
                                reason: {type: string, enum: [security_precaution, fallback_active]}
                                recovery: {$ref: "#/components/schemas/ServiceRecovery"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/plan:
            get:
              summary: "The restoration plan for everything not back in regular operation, in dependency order, and its progress."
              responses:
                "200":
                  description: "plan and progress"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [plan, progress]
                        properties:
                          plan: {$ref: "#/components/schemas/RestorationPlan"}
                          progress:
                            type: object
                            required: [counts, percent_regular, next_steps, blocked]
                            properties:
                              counts: {type: object}
                              percent_regular: {type: number}
                              next_steps: {type: array, items: {type: string}}
                              blocked: {type: object}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/continuity/services/{id}/recovery:
            post:
              summary: "Move a service's recovery on: start_restoring (its required dependencies must run), start_emergency_operation (note: the workaround), return_to_regular, take_down, schedule_planned_outage (start, end), cancel_planned_outage. Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the service's recovery"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [recovery, precaution]
                        properties:
                          recovery: {$ref: "#/components/schemas/ServiceRecovery"}
                          precaution: {type: boolean}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "the transition is not allowed now, or a required dependency is not running (named)"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/incidents:
            get:
              summary: "The public page's incidents with every update, newest first."
              responses:
                "200":
                  description: "incidents"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [incidents]
                        properties: {incidents: {type: array, items: {$ref: "#/components/schemas/StatusIncident"}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: "Open a public incident with its first update (title, phase, body in German and English, components, customer_actions, next_update_at, notify). Role responder."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the incident"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/StatusIncident"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/incidents/{id}/updates:
            post:
              summary: "Post the next update of a public incident; with notify, confirmed subscribers are mailed in the same transaction. Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the incident with the new update"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/StatusIncident"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "the incident is resolved already"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/maintenances:
            get:
              summary: "Maintenance windows."
              responses:
                "200":
                  description: "maintenance windows"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [maintenances]
                        properties: {maintenances: {type: array, items: {type: object}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: "Schedule a maintenance window (title, body, components, from, until). Role responder."
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "201":
                  description: "the window"
                  content:
                    application/json: {schema: {type: object, required: [id, title, scheduled_for, scheduled_until]}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/maintenances/{id}/updates:
            post:
              summary: "Add an update to a maintenance window (phase in_progress, verifying or completed, body). Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the window"
                  content:
                    application/json: {schema: {type: object, required: [id, updates]}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/components/{id}:
            put:
              summary: "Set a component's state by hand, over what the continuity record says (status, reason). Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the state set"
                  content:
                    application/json: {schema: {type: object, required: [status, actor, at]}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
            delete:
              summary: "Clear a hand-set state: the component follows the continuity record again. Role responder."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "204": {description: "cleared"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/status/subscribers:
            get:
              summary: "How many subscribers there are per state (addresses are not given out). Role admin."
              responses:
                "200":
                  description: "counts"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [subscribers]
                        properties:
                          subscribers:
                            type: object
                            required: [pending, confirmed, unsubscribed]
                            properties:
                              pending: {type: integer}
                              confirmed: {type: integer}
                              unsubscribed: {type: integer}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /status:
            head:
              summary: "The same answer as GET without the body (for monitors)."
              security: []
              responses:
                "200": {description: "the headers of the GET answer"}
                "304": {description: "not modified (If-None-Match)"}
                "404": {description: "the status page is not set up"}
                "503": {description: "the first rendering is not done yet"}
            get:
              summary: "The public status page, HTML without scripts; German by default, English by ?lang=en or Accept-Language. Served from the rendered cache."
              security: []
              parameters:
                - {name: lang, in: query, required: false, schema: {type: string, enum: [de, en]}}
              responses:
                "200":
                  description: "the page"
                  content:
                    text/html: {schema: {type: string}}
                "304": {description: "not modified (If-None-Match)"}
                "404":
                  description: "the status page is not set up"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "503":
                  description: "the first rendering is not done yet"
                  content:
                    text/plain: {schema: {type: string}}
          /status/history.atom:
            head:
              summary: "The same answer as GET without the body (for monitors)."
              security: []
              responses:
                "200": {description: "the headers of the GET answer"}
                "304": {description: "not modified (If-None-Match)"}
                "404": {description: "the status page is not set up"}
                "503": {description: "the first rendering is not done yet"}
            get:
              summary: "The page's incidents and maintenance as an Atom feed, per language."
              security: []
              parameters:
                - {name: lang, in: query, required: false, schema: {type: string, enum: [de, en]}}
              responses:
                "200":
                  description: "the feed"
                  content:
                    application/atom+xml: {schema: {type: string}}
                "304": {description: "not modified (If-None-Match)"}
                "404":
                  description: "the status page is not set up"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "503":
                  description: "the first rendering is not done yet"
                  content:
                    text/plain: {schema: {type: string}}
          /status/api/v2/summary.json:
            head:
              summary: "The same answer as GET without the body (for monitors)."
              security: []
              responses:
                "200": {description: "the headers of the GET answer"}
                "304": {description: "not modified (If-None-Match)"}
                "404": {description: "the status page is not set up"}
                "503": {description: "the first rendering is not done yet"}
            get:
              summary: "The page as Statuspage-style JSON: page, status indicator, components, open incidents, maintenance."
              security: []
              parameters:
                - {name: lang, in: query, required: false, schema: {type: string, enum: [de, en]}}
              responses:
                "200":
                  description: "the summary"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [page, status, components, incidents, scheduled_maintenances]
                        properties:
                          page: {type: object}
                          status:
                            type: object
                            required: [indicator, description]
                            properties:
                              indicator: {type: string, enum: [none, minor, major, critical]}
                              description: {type: string}
                          components: {type: array, items: {type: object, required: [id, name, status]}}
                          incidents: {type: array, items: {type: object}}
                          scheduled_maintenances: {type: array, items: {type: object}}
                "304": {description: "not modified (If-None-Match)"}
                "404":
                  description: "the status page is not set up"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "503":
                  description: "the first rendering is not done yet"
                  content:
                    text/plain: {schema: {type: string}}
          /status/subscribe:
            post:
              summary: "Sign up for updates by e-mail (form: email, lang); a confirmation mail follows (double opt-in). The answer does not say whether the address was known."
              security: []
              responses:
                "200":
                  description: "a confirmation mail is on its way"
                  content:
                    text/html: {schema: {type: string}}
                "400":
                  description: "the address is not valid"
                  content:
                    text/html: {schema: {type: string}}
                "404":
                  description: "subscriptions are not set up"
                  content:
                    text/html: {schema: {type: string}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /status/confirm/{token}:
            get:
              summary: "The page behind a confirmation link: a button (mail scanners follow links; GET changes nothing)."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "the button"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid or has expired"
                  content:
                    text/html: {schema: {type: string}}
            post:
              summary: "Confirm the subscription the signed link names."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "confirmed"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid or has expired"
                  content:
                    text/html: {schema: {type: string}}
          /status/unsubscribe/{token}:
            get:
              summary: "The page behind an unsubscribe link: a button."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "the button"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid"
                  content:
                    text/html: {schema: {type: string}}
            post:
              summary: "End the subscription the signed link names."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "unsubscribed"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid"
                  content:
                    text/html: {schema: {type: string}}
          /manage/login:
            get:
              summary: "The responders' login form (HTML)."
              security: []
              responses:
                "200":
                  description: "the form"
                  content:
                    text/html: {schema: {type: string}}
            post:
              summary: "Log in with the form (name, password); sets the session cookie and redirects to /manage/status. Throttled like the JSON login."
              security: []
              responses:
                "303": {description: "logged in: to /manage/status"}
                "400":
                  description: "name or password missing"
                  content:
                    text/html: {schema: {type: string}}
                "401":
                  description: "the name or the password is wrong"
                  content:
                    text/html: {schema: {type: string}}
                "403": {$ref: "#/components/responses/Forbidden"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                "429":
                  description: "too many failed logins"
                  content:
                    text/html: {schema: {type: string}}
          /manage/status:
            get:
              summary: "The responders' page for the public status page: post an update, see open incidents. Needs a session of a responder; without one, to /manage/login."
              responses:
                "200":
                  description: "the page"
                  content:
                    text/html: {schema: {type: string}}
                "303": {description: "not logged in: to /manage/login"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /manage/status/updates:
            post:
              summary: "Post an update from the responders' form (csrf_token, incident, title_de, title_en, phase, body_de, body_en, actions_de, actions_en, next_update_at, components, notify)."
              responses:
                "303": {description: "posted: to /manage/status?posted=ID"}
                "400":
                  description: "the form is not complete"
                  content:
                    text/html: {schema: {type: string}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409":
                  description: "the incident is resolved already"
                  content:
                    text/html: {schema: {type: string}}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /manage/logout:
            post:
              summary: "End the session from the responders' page (csrf_token)."
              responses:
                "303": {description: "logged out: to /manage/login"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}

        """
}
