import Foundation
import Hummingbird
import TocsinCore
import TocsinStore

/// Users and API tokens over the API (role admin), so they can be managed while the server runs: SQLite admits
/// one process, and `tocsin user` / `tocsin token` need the server stopped. Secrets are shown once, at creation;
/// passwords follow the same policy and bcrypt cost as on the command line.
extension API {
    func registerAdmin(on router: Router<TocsinRequestContext>) {
        router.get("/api/v1/tokens") { request, _ in
            _ = try await authenticate(request, needs: .admin)
            return jsonResponse(["tokens": try await store.tokens().map(Self.tokenJSON)])
        }
        router.post("/api/v1/tokens") { request, _ in
            let identity = try await authenticate(request, needs: .admin)
            let example = #"{"name": "edr-forwarder", "role": "responder"}"#
            let object = try await jsonObjectBody(request, limit: 8 << 10, example: example)
            guard let name = object["name"] as? String, let role = (object["role"] as? String).flatMap(Role.init(rawValue:))
            else { throw refuse(.badRequest, .badRequest, "the body must be like \(example) (role viewer, responder or admin)") }
            if let issue = UserAccounts.problem(withName: name) {
                throw refuse(.badRequest, .badRequest, issue.replacingOccurrences(of: "user name", with: "token name"))
            }
            let secret = TokenSecret.generate()
            let token = try await conflictAware {
                try await store.createToken(name: name, secretHash: TokenSecret.hash(secret), role: role, actor: identity.actor)
            }
            var answer = Self.tokenJSON(token)
            answer["secret"] = secret
            var response = jsonResponse(answer, status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.delete("/api/v1/tokens/:id") { request, context in
            let identity = try await authenticate(request, needs: .admin)
            guard let id = context.parameters.get("id", as: Int64.self),
                let token = try await store.tokens().first(where: { $0.id == id })
            else { throw refuse(.notFound, .notFound, "no such token") }
            _ = try await store.deleteToken(id: id, actor: identity.actor)
            tokens.forget(token.secretHash)
            return Response(status: .noContent)
        }
        router.get("/api/v1/users") { request, _ in
            _ = try await authenticate(request, needs: .admin)
            return jsonResponse(["users": try await store.users().map(Self.userJSON)])
        }
        router.post("/api/v1/users") { request, _ in
            let identity = try await authenticate(request, needs: .admin)
            let example = #"{"name": "alice", "role": "responder", "password": "…"}"#
            let object = try await jsonObjectBody(request, limit: 8 << 10, example: example)
            guard let name = object["name"] as? String, let password = object["password"] as? String,
                let role = (object["role"] as? String).flatMap(Role.init(rawValue:))
            else { throw refuse(.badRequest, .badRequest, "the body must be like \(example) (role viewer, responder or admin)") }
            let user = try await conflictAware {
                try await UserAccounts.add(
                    name: name, role: role, password: password, cost: configuration.passwordCost, actor: identity.actor,
                    in: store)
            }
            return jsonResponse(Self.userJSON(user), status: .created)
        }
        router.put("/api/v1/users/:name/password") { request, context in
            let identity = try await authenticate(request, needs: .admin)
            let object = try await jsonObjectBody(request, limit: 8 << 10, example: #"{"password": "…"}"#)
            guard let password = object["password"] as? String else {
                throw refuse(.badRequest, .badRequest, #"the body must be like {"password": "…"}"#)
            }
            let name = context.parameters.get("name") ?? ""
            guard try await store.user(named: name) != nil else { throw refuse(.notFound, .notFound, "no such user") }
            let user = try await conflictAware {
                try await UserAccounts.changePassword(
                    name: name, password: password, cost: configuration.passwordCost, actor: identity.actor, in: store)
            }
            return jsonResponse(Self.userJSON(user))
        }
    }

    /// Runs `body`, turning a name already taken into 409 and a refused name or password into 400.
    func conflictAware<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as StoreError where error.kind == .conflict {
            throw refuse(.conflict, .conflict, error.message)
        } catch let problem as UserAccounts.Problem {
            throw refuse(.badRequest, .badRequest, problem.message)
        }
    }

    static func tokenJSON(_ token: APIToken) -> [String: Any] {
        [
            "id": Int(token.id), "name": token.name, "role": token.role.rawValue, "created_at": iso(token.createdAt),
            "last_used_at": token.lastUsedAt.map(iso) ?? NSNull(),
        ]
    }

    static func userJSON(_ user: User) -> [String: Any] {
        ["id": Int(user.id), "name": user.name, "role": user.role.rawValue, "created_at": iso(user.createdAt)]
    }
}
