/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Views that outlive what they view: rex-check's dangling-view and
 * dangling-return rules (Documentation/rex/cpp-guide.rst).
 *
 * Clang's own analysis (-Wdangling, lifetimebound) sees a view of a local
 * returned or bound directly.  This follows one, one function at a time,
 * through the program's own functions (each summarized: what its result,
 * and every view it may rebind, may view in terms of its parameters and
 * its object), struct fields, constructors, lambda captures and every
 * assignment to a view.
 *
 * targets(e) is what e may view: locals' storage, temporaries of the full
 * expression, and symbolically what the caller passed (a parameter's
 * storage or targets, the object's).  A value that holds no address views
 * nothing; a copy of a view views what the view was ever bound to (its
 * initializer and every binding of it); an owner (a ring-buffer record, a
 * task reference: a type whose destructor does something) is viewed
 * itself.  The support layer is not analyzed: a map's methods view the
 * map, a view's methods what the view views, a container's elements what
 * it holds, other calls their reference and view arguments.
 *
 * Summaries and origins that depend on themselves (recursion, a swap) are
 * iterated to a fixpoint by solve(); what does not settle, or is nested
 * deeper than max_depth, is refused rather than guessed.  It
 * over-approximates, so a program may have to move a view's declaration
 * into the scope of its target where the view was in fact safe.
 */
#pragma once

#include "checker.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>

#include <map>
#include <vector>

namespace rex_check {

class Lifetimes {
public:
	Lifetimes(Checker &checker, ASTContext &context) : c_(checker), ctx_(context) {}

	/* A type whose values may hold an address: references, views, and what contains them. */
	bool holds_address(QualType type);

	/* The first pass: what binds a view. */
	void note_lambda(const LambdaExpr *lambda);
	void note_assignment(const Expr *lhs, const Expr *rhs);
	void note_call(const Expr *call);
	void note_constructor(const CXXConstructorDecl *ctor);

	/* The checks, in the second pass. */
	void check_assignment(SourceLocation loc, const Expr *lhs, const Expr *rhs);
	void check_call(const Expr *call);
	void check_return(const ReturnStmt *ret);
	void check_init(SourceLocation loc, const VarDecl *v, const llvm::Twine &what, llvm::StringRef when);
	void check_constructor(const CXXConstructorDecl *ctor);

	/*
	 * The instantiations of a generic lambda's call operator, which no
	 * traversal of the lambda visits; a traversal of one sets it as the
	 * function its statements are in (and restores what it returns).
	 */
	const FunctionDecl *enter_instantiation(const FunctionDecl *f);
	static std::vector<const FunctionDecl *> generic_calls(const LambdaExpr *lambda);

private:
	struct Param {
		const ParmVarDecl *param;
		bool storage; /* what the argument is (a reference's referent), or what it views */
		bool operator==(const Param &o) const { return param == o.param && storage == o.storage; }
	};

	struct Targets {
		llvm::SmallVector<const VarDecl *, 4> vars; /* locals whose storage may be viewed */
		llvm::SmallVector<Param, 2> params;          /* what the caller passed */
		bool temporary = false;                      /* a temporary of the full expression */
		bool self_storage = false;                   /* *this itself */
		bool self_targets = false;                   /* what *this views */
		bool constructed = false;                    /* the object a constructor makes */
		llvm::SmallVector<const FunctionDecl *, 1> closures; /* lambdas whose copies (captured by value) are viewed */
		bool through_reference = false;              /* bound through a reference member or variable */

		bool add(const VarDecl *v);
		bool add(Param p);
		bool add(const Targets &other);
	};

	/* What an assignment's left side belongs to. */
	struct Root {
		enum Kind {
			local,     /* a local's (or by-value parameter's) own storage */
			parameter, /* the object a reference parameter refers to */
			self,      /* *this of a member function */
			indirect,  /* through a reference: anything */
			unknown,
		} kind = unknown;
		const Decl *key = nullptr; /* where its bindings are kept: the variable, or the member function */
		const VarDecl *var = nullptr;
	};

	/* A view a call may rebind. */
	struct Out {
		enum Kind { param, self, capture, closure_argument } kind;
		unsigned index = 0;               /* param: the argument */
		const VarDecl *captured = nullptr; /* capture, closure_argument */
		llvm::SmallVector<Root, 2> roots;
		std::string name;
		SourceLocation loc;
	};

	struct Binding {
		const FunctionDecl *where = nullptr;
		const Expr *rhs = nullptr; /* an assignment's right side (object: it is bound by reference) */
		bool object = false;
		bool indirect = false;      /* through a reference: the root is not the view itself */
		const Expr *call = nullptr; /* or an out-parameter of a call */
		unsigned out = 0;
	};

	Targets targets(const Expr *e, bool object, int depth = 0);
	Targets origin(const VarDecl *v, int depth);
	Targets call_targets(const CallExpr *call, bool object, int depth);
	Targets construct_targets(const CXXConstructExpr *construct, int depth);
	Targets support_call_targets(const CallExpr *call, const FunctionDecl *f, bool object, int depth);
	Targets argument_targets(const Expr *arg, const ParmVarDecl *param, bool returns_reference, int depth);
	Targets binding_targets(const Binding &b, int depth);
	Targets out_targets(const Expr *call, const Out &out, int depth);
	llvm::SmallVector<const Decl *, 2> out_keys(const Out &out);
	Targets map_summary(const Targets &summary, const FunctionDecl *f, const Expr *call, int depth);
	Targets summary_return(const FunctionDecl *f, bool object);
	Targets summary_out(const FunctionDecl *f, const Decl *key);
	template <typename F>
	Targets solve(F compute);

	std::vector<Out> outs_of(const Expr *call);
	llvm::SmallVector<Root, 2> roots_of(const Expr *lhs, bool indirect = false, int depth = 0);
	bool returns_this(const FunctionDecl *f);
	std::vector<const ReturnStmt *> returns_of(const FunctionDecl *f);
	const FunctionDecl *closure_of_copy(const DeclRefExpr *ref, const VarDecl *v);
	bool rebinds_through(QualType type);
	std::vector<const CXXRecordDecl *> closures_in(QualType type, int depth = 0);
	static std::vector<const FunctionDecl *> lambda_calls(const CXXRecordDecl *closure);
	bool binds_view(const CXXCtorInitializer *init, bool &object);
	const FunctionDecl *function_of(const Stmt *s);
	const FunctionDecl *method_of_this(const Stmt *s);
	const Stmt *scope_of(const VarDecl *v);
	const Stmt *parent_stmt(const Stmt *s);
	bool dies_before(const VarDecl *v, const VarDecl *var);
	bool is_view(QualType type);
	bool is_view_class(QualType type);
	bool has_reference_member(QualType type, int depth = 0);
	bool is_map_method(const FunctionDecl *f);
	bool is_user_function(const FunctionDecl *f);
	const Expr *object_of(const CallExpr *call, const FunctionDecl *f, unsigned &first);
	void record(const llvm::SmallVector<Root, 2> &roots, Binding b);
	void check_bound(SourceLocation loc, const std::string &name, const llvm::SmallVector<Root, 2> &roots,
			 const Targets &t, const FunctionDecl *where);
	void check_root(SourceLocation loc, const std::string &name, const Root &root, const Targets &t,
			const FunctionDecl *where);
	bool overflowed(SourceLocation loc);
	static std::string describe(const Expr *e);

	Checker &c_;
	ASTContext &ctx_;
	llvm::DenseMap<const RecordDecl *, bool> records_;
	llvm::DenseMap<const Decl *, std::vector<Binding>> bindings_;
	llvm::DenseMap<const FunctionDecl *, std::vector<const ReturnStmt *>> returns_;
	llvm::DenseMap<const CXXMethodDecl *, const LambdaExpr *> lambdas_;
	const FunctionDecl *instantiation_ = nullptr;

	/* origins: a least fixpoint, iterated while a cycle (a swap, say) still adds to one */
	llvm::DenseMap<const VarDecl *, Targets> origins_;
	llvm::DenseSet<const VarDecl *> done_, active_;
	bool cycle_ = false, grew_ = false, overflow_ = false, gave_up_ = false;
	void forget_pass();

	/* summaries of the program's functions */
	template <typename Key>
	struct Summaries {
		std::map<Key, Targets> settled, pass, partial;
		std::set<Key> active;
	};
	template <typename Key, typename F>
	Targets summarize(Summaries<Key> &memo, const Key &key, const FunctionDecl *f, F compute);
	Summaries<std::pair<const FunctionDecl *, const Decl *>> out_summaries_;
	Summaries<std::pair<const FunctionDecl *, bool>> returns_summaries_;
	std::map<std::pair<const VarDecl *, bool>, Targets> references_;
};

} // namespace rex_check
