// SPDX-License-Identifier: GPL-2.0
/*
 * rex-check: lifetimes of views (lifetimes.h).
 */
#include "lifetimes.h"

#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ParentMapContext.h>
#include <llvm/ADT/STLExtras.h>

namespace rex_check {

namespace {

/* Deeper than this, a view is not followed and the check says so. */
constexpr int max_depth = 512;

const char *const note_scope =
	"declare the view where its target lives (like a reference, bind it once), or keep the data in a map";
const char *const note_outlive =
	"bind it to memory that outlives it (a parameter's target, a map value), or keep the data in a map";
const char *const note_returned = "return the value itself, or a view of memory that outlives the call (a parameter's, a map's)";

} // namespace

bool Lifetimes::Targets::add(const VarDecl *v)
{
	if (llvm::is_contained(vars, v))
		return false;
	vars.push_back(v);
	return true;
}

bool Lifetimes::Targets::add(Param p)
{
	if (llvm::is_contained(params, p))
		return false;
	params.push_back(p);
	return true;
}

bool Lifetimes::Targets::add(const Targets &other)
{
	bool grew = false;
	for (const VarDecl *v : other.vars)
		grew |= add(v);
	for (Param p : other.params)
		grew |= add(p);
	auto merge = [&grew](bool &mine, bool theirs) {
		if (theirs && !mine) {
			mine = true;
			grew = true;
		}
	};
	merge(temporary, other.temporary);
	merge(self_storage, other.self_storage);
	merge(self_targets, other.self_targets);
	merge(constructed, other.constructed);
	return grew;
}

bool Lifetimes::holds_address(QualType type)
{
	if (type.isNull())
		return false;
	type = type.getCanonicalType();
	if (type->isReferenceType() || type->isPointerType() || type->isMemberPointerType())
		return true;
	if (const ArrayType *array = ctx_.getAsArrayType(type))
		return holds_address(array->getElementType());
	const CXXRecordDecl *record = type->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	record = record->getDefinition();
	auto cached = records_.find(record);
	if (cached != records_.end())
		return cached->second;
	records_[record] = false; /* a cycle through templates adds nothing */
	bool holds = record->getQualifiedNameAsString() == "rex::detail::holds_address";
	for (const CXXBaseSpecifier &base : record->bases())
		holds = holds || holds_address(base.getType());
	for (const FieldDecl *field : record->fields())
		holds = holds || holds_address(field->getType());
	if (const auto *spec = dyn_cast<ClassTemplateSpecializationDecl>(record))
		for (const TemplateArgument &arg : spec->getTemplateArgs().asArray())
			holds = holds || (arg.getKind() == TemplateArgument::Type && holds_address(arg.getAsType()));
	records_[record] = holds;
	return holds;
}

/*
 * A view: it holds an address and ends nothing when it goes.  A type with
 * a destructor that does something (a ring-buffer record, a task
 * reference) owns what it gives access to: what it hands out lives as
 * long as the object itself, not as long as its referent.
 */
bool Lifetimes::is_view(QualType type)
{
	type = type.getNonReferenceType();
	if (!holds_address(type))
		return false;
	const CXXRecordDecl *record = type->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
	return !record || !record->hasDefinition() || record->getDefinition()->hasTrivialDestructor();
}

/* One of the support layer's views (span, string_view, optional<T &>, ...), not a container of them. */
bool Lifetimes::is_view_class(QualType type)
{
	const CXXRecordDecl *record = type.getNonReferenceType()->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	bool derived = false;
	record->getDefinition()->forallBases([&derived](const CXXRecordDecl *b) {
		derived = derived || b->getQualifiedNameAsString() == "rex::detail::holds_address";
		return true;
	});
	return derived;
}

bool Lifetimes::has_reference_member(QualType type, int depth)
{
	if (depth > 12)
		return false;
	type = type.getNonReferenceType().getCanonicalType();
	if (const ArrayType *array = ctx_.getAsArrayType(type))
		return has_reference_member(array->getElementType(), depth + 1);
	const CXXRecordDecl *record = type->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	record = record->getDefinition();
	for (const FieldDecl *field : record->fields())
		if (field->getType()->isReferenceType() || has_reference_member(field->getType(), depth + 1))
			return true;
	for (const CXXBaseSpecifier &base : record->bases())
		if (has_reference_member(base.getType(), depth + 1))
			return true;
	return false;
}

bool Lifetimes::is_user_function(const FunctionDecl *f)
{
	const FunctionDecl *pattern = f->getTemplateInstantiationPattern();
	return c_.is_user((pattern ? pattern : f)->getLocation());
}

bool Lifetimes::is_map_method(const FunctionDecl *f)
{
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (!method)
		return false;
	bool derived = method->getParent()->getQualifiedNameAsString() == "rex::detail::map_base";
	if (method->getParent()->hasDefinition())
		method->getParent()->forallBases([&derived](const CXXRecordDecl *b) {
			derived = derived || b->getQualifiedNameAsString() == "rex::detail::map_base";
			return true;
		});
	return derived;
}

/* The object a member function is called on, and the index of the first argument that is a parameter. */
const Expr *Lifetimes::object_of(const CallExpr *call, const FunctionDecl *f, unsigned &first)
{
	first = 0;
	if (const auto *member = dyn_cast<CXXMemberCallExpr>(call))
		return member->getImplicitObjectArgument();
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (method && method->isInstance() && isa<CXXOperatorCallExpr>(call) && call->getNumArgs()) {
		first = 1;
		return call->getArg(0);
	}
	return nullptr;
}

std::vector<const FunctionDecl *> Lifetimes::generic_calls(const LambdaExpr *lambda)
{
	std::vector<const FunctionDecl *> calls;
	if (const FunctionTemplateDecl *pattern = lambda->isGenericLambda() ? lambda->getDependentCallOperator() : nullptr)
		for (const FunctionDecl *spec : pattern->specializations())
			if (spec->hasBody())
				calls.push_back(spec);
	return calls;
}

/* Where things are */

const FunctionDecl *Lifetimes::function_of(const Stmt *s)
{
	DynTypedNodeList parents = ctx_.getParents(*s);
	for (int guard = 0; !parents.empty() && guard < 1024; guard++) {
		const DynTypedNode &node = parents[0];
		const FunctionDecl *f = node.get<FunctionDecl>();
		if (const auto *lambda = node.get<LambdaExpr>())
			f = lambda->getCallOperator();
		if (!f) {
			parents = ctx_.getParents(node);
			continue;
		}
		/* The instantiation of a generic lambda being walked, not its pattern. */
		if (instantiation_ && instantiation_->getTemplateInstantiationPattern() == f)
			return instantiation_;
		return f;
	}
	return nullptr;
}

const FunctionDecl *Lifetimes::enter_instantiation(const FunctionDecl *f)
{
	const FunctionDecl *outer = instantiation_;
	instantiation_ = f;
	return outer;
}

/* The member function whose *this s means: through lambdas, which capture it. */
const FunctionDecl *Lifetimes::method_of_this(const Stmt *s)
{
	const FunctionDecl *f = function_of(s);
	for (int guard = 0; f && guard < 64; guard++) {
		const auto *method = dyn_cast<CXXMethodDecl>(f);
		if (!method || !method->getParent()->isLambda())
			return f;
		auto lambda = lambdas_.find(method);
		if (lambda == lambdas_.end())
			return nullptr;
		f = function_of(lambda->second);
	}
	return f;
}

/* The scope a local lives in: the nearest block, loop, if, switch or function body. */
const Stmt *Lifetimes::scope_of(const VarDecl *v)
{
	if (const auto *param = dyn_cast<ParmVarDecl>(v)) {
		const auto *f = dyn_cast_or_null<FunctionDecl>(param->getParentFunctionOrMethod());
		return f ? f->getBody() : nullptr;
	}
	DynTypedNodeList parents = ctx_.getParents(*v);
	for (int guard = 0; !parents.empty() && guard < 1024; guard++) {
		const Stmt *s = parents[0].get<Stmt>();
		if (!s)
			return nullptr;
		if (isa<CompoundStmt, ForStmt, CXXForRangeStmt, IfStmt, WhileStmt, SwitchStmt, DoStmt>(s))
			return s;
		parents = ctx_.getParents(*s);
	}
	return nullptr;
}

/*
 * The next enclosing statement: through a declaration (a variable's
 * initializer) to its DeclStmt, and through a lambda's body to the lambda.
 */
const Stmt *Lifetimes::parent_stmt(const Stmt *s)
{
	DynTypedNodeList parents = ctx_.getParents(*s);
	for (int guard = 0; !parents.empty() && guard < 16; guard++) {
		for (const DynTypedNode &node : parents)
			if (const Stmt *p = node.get<Stmt>())
				return p;
		const Decl *d = parents[0].get<Decl>();
		if (const auto *method = dyn_cast_or_null<CXXMethodDecl>(d); method && method->getParent()->isLambda()) {
			auto lambda = lambdas_.find(method);
			return lambda == lambdas_.end() ? nullptr : lambda->second;
		}
		if (!d || isa<FunctionDecl>(d))
			return nullptr;
		parents = ctx_.getParents(*d);
	}
	return nullptr;
}

/* Whether v's scope ends before that of var: v's scope lies within it. */
bool Lifetimes::dies_before(const VarDecl *v, const VarDecl *var)
{
	const Stmt *inner = scope_of(v), *outer = scope_of(var);
	if (!inner || !outer || inner == outer)
		return false;
	for (const Stmt *s = parent_stmt(inner); s; s = parent_stmt(s))
		if (s == outer)
			return true;
	return false;
}

/* What an assignment's left side belongs to. */
Lifetimes::Root Lifetimes::root_of(const Expr *e)
{
	bool indirect = false;
	for (int guard = 0; e && guard < 64; guard++) {
		e = e->IgnoreParenImpCasts();
		Root root;
		if (const auto *member = dyn_cast<MemberExpr>(e)) {
			const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
			indirect = indirect || !field || field->getType()->isReferenceType();
			e = member->getBase();
			continue;
		}
		if (const auto *index = dyn_cast<ArraySubscriptExpr>(e)) {
			e = index->getBase();
			continue;
		}
		if (const auto *op = dyn_cast<CXXOperatorCallExpr>(e)) {
			/* rex::array's operator[]: an element of the array itself */
			const FunctionDecl *f = op->getDirectCallee();
			if (op->getOperator() == OO_Subscript && f && !is_user_function(f) && op->getNumArgs() &&
			    !is_view_class(op->getArg(0)->getType())) {
				e = op->getArg(0);
				continue;
			}
			return root;
		}
		if (const auto *unary = dyn_cast<UnaryOperator>(e); unary && unary->getOpcode() == UO_Deref &&
								       isa<CXXThisExpr>(unary->getSubExpr()->IgnoreParenImpCasts())) {
			e = unary->getSubExpr();
			continue;
		}
		if (isa<CXXThisExpr>(e)) {
			root.kind = indirect ? Root::indirect : Root::self;
			root.key = method_of_this(e);
			return root;
		}
		const auto *ref = dyn_cast<DeclRefExpr>(e);
		const auto *v = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
		if (!v || !v->hasLocalStorage())
			return root;
		root.key = v;
		root.var = v;
		if (indirect || (v->getType()->isReferenceType() && !isa<ParmVarDecl>(v)))
			root.kind = Root::indirect;
		else if (v->getType()->isReferenceType())
			root.kind = Root::parameter;
		else
			root.kind = Root::local;
		return root;
	}
	return {};
}

std::string Lifetimes::describe(const Expr *e)
{
	e = e->IgnoreParenImpCasts();
	if (const auto *ref = dyn_cast<DeclRefExpr>(e))
		return "'" + ref->getDecl()->getNameAsString() + "'";
	if (const auto *member = dyn_cast<MemberExpr>(e))
		return "member '" + member->getMemberDecl()->getNameAsString() + "'";
	if (isa<CXXThisExpr>(e))
		return "*this";
	return "the view";
}

/* What an expression may view */

Lifetimes::Targets Lifetimes::targets(const Expr *e, bool object, int depth)
{
	Targets out;
	if (!e)
		return out;
	if (depth > max_depth) {
		overflow_ = true;
		return out;
	}
	if (e->isTypeDependent() || e->isValueDependent())
		return out;
	e = e->IgnoreParens();
	if (e->isPRValue() && !holds_address(e->getType()))
		return out; /* a value views nothing */
	depth++;
	if (const auto *cast = dyn_cast<ImplicitCastExpr>(e)) {
		if (cast->getCastKind() == CK_LValueToRValue)
			return holds_address(cast->getType()) ? targets(cast->getSubExpr(), false, depth) : out;
		return targets(cast->getSubExpr(), object || cast->getCastKind() == CK_ArrayToPointerDecay, depth);
	}
	if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
		if (const auto *binding = dyn_cast<BindingDecl>(ref->getDecl()))
			return targets(binding->getBinding(), object, depth);
		const auto *v = dyn_cast<VarDecl>(ref->getDecl());
		if (!v || !v->hasLocalStorage())
			return out;
		const auto *param = dyn_cast<ParmVarDecl>(v);
		if (param && v->getType()->isReferenceType()) {
			/* the caller's object, or what it views */
			if (is_view(v->getType())) {
				out.add(Param{param, false});
				if (object)
					out.add(Param{param, true});
			} else {
				out.add(Param{param, true});
			}
			return out;
		}
		if (v->getType()->isReferenceType())
			return origin(v, depth);
		if (is_view(v->getType())) {
			out = origin(v, depth);
			if (object)
				out.add(v);
			return out;
		}
		out.add(v);
		return out;
	}
	if (isa<CXXThisExpr>(e)) {
		(object ? out.self_storage : out.self_targets) = true;
		return out;
	}
	if (const auto *member = dyn_cast<MemberExpr>(e)) {
		const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
		if (!field)
			return out;
		return targets(member->getBase(), object && !field->getType()->isReferenceType(), depth);
	}
	if (const auto *index = dyn_cast<ArraySubscriptExpr>(e))
		return targets(index->getBase(), object, depth);
	if (const auto *temp = dyn_cast<MaterializeTemporaryExpr>(e)) {
		out = targets(temp->getSubExpr(), false, depth);
		if (object) {
			const auto *v = dyn_cast_or_null<VarDecl>(temp->getExtendingDecl());
			if (!v)
				out.temporary = true;
			else if (v->hasLocalStorage())
				out.add(v);
		}
		return out;
	}
	if (const auto *call = dyn_cast<CallExpr>(e))
		return call_targets(call, depth);
	if (const auto *construct = dyn_cast<CXXConstructExpr>(e))
		return construct_targets(construct, depth);
	if (const auto *lambda = dyn_cast<LambdaExpr>(e)) {
		for (const LambdaCapture &capture : lambda->captures())
			if (capture.capturesThis())
				out.self_storage = true;
		for (const Expr *init : lambda->capture_inits())
			if (init && !isa<CXXThisExpr>(init->IgnoreParenImpCasts()))
				out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *list = dyn_cast<InitListExpr>(e)) {
		for (const Expr *init : list->inits())
			out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *list = dyn_cast<CXXParenListInitExpr>(e)) {
		for (const Expr *init : list->getInitExprs())
			out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *cond = dyn_cast<AbstractConditionalOperator>(e)) {
		out.add(targets(cond->getTrueExpr(), object, depth));
		out.add(targets(cond->getFalseExpr(), object, depth));
		return out;
	}
	if (const auto *binary = dyn_cast<BinaryOperator>(e)) {
		if (binary->getOpcode() == BO_Comma)
			return targets(binary->getRHS(), object, depth);
		if (binary->isAssignmentOp())
			return targets(binary->getLHS(), object, depth);
	}
	if (const auto *arg = dyn_cast<CXXDefaultArgExpr>(e))
		return targets(arg->getExpr(), object, depth);
	if (const auto *init = dyn_cast<CXXDefaultInitExpr>(e))
		return targets(init->getExpr(), object, depth);
	if (const auto *opaque = dyn_cast<OpaqueValueExpr>(e))
		return targets(opaque->getSourceExpr(), object, depth);
	for (const Stmt *child : e->children())
		if (const auto *sub = dyn_cast_or_null<Expr>(child))
			out.add(targets(sub, object, depth));
	return out;
}

/* What a local view (or a by-value view parameter, or a reference) was ever bound to. */
Lifetimes::Targets Lifetimes::origin(const VarDecl *v, int depth)
{
	if (done_.count(v))
		return origins_[v];
	if (active_.count(v)) {
		cycle_ = true;
		return origins_[v];
	}
	active_.insert(v);
	Targets out;
	if (const auto *param = dyn_cast<ParmVarDecl>(v))
		out.add(Param{param, false});
	else
		out.add(targets(v->getInit(), v->getType()->isReferenceType(), depth));
	auto bound = bindings_.find(v);
	if (bound != bindings_.end()) {
		std::vector<Binding> list = bound->second;
		for (const Binding &b : list)
			out.add(binding_targets(b, depth));
	}
	if (out.constructed) {
		out.constructed = false; /* a constructor made it view itself */
		out.add(v);
	}
	if (origins_[v].add(out))
		grew_ = true;
	active_.erase(v);
	if (!overflow_)
		done_.insert(v);
	return origins_[v];
}

template <typename F>
Lifetimes::Targets Lifetimes::solve(F compute)
{
	Targets t;
	for (int pass = 0; pass < 16; pass++) {
		cycle_ = grew_ = false;
		t = compute();
		if (!cycle_ || !grew_)
			break;
		done_.clear();
	}
	return t;
}

Lifetimes::Targets Lifetimes::binding_targets(const Binding &b, int depth)
{
	if (b.rhs)
		return targets(b.rhs, b.object, depth);
	std::vector<Out> outs = outs_of(b.call);
	return b.out < outs.size() ? out_targets(b.call, outs[b.out], depth) : Targets{};
}

/*
 * An argument bound to parameter param of the support layer (or of a
 * function of the program that is not summarized).  A view passed by
 * reference is itself viewed only where the result may be a reference to
 * it; anything else passed by reference is viewed.
 */
Lifetimes::Targets Lifetimes::argument_targets(const Expr *arg, const ParmVarDecl *param, bool returns_reference,
						int depth)
{
	QualType type = param->getType();
	if (type->isReferenceType())
		return targets(arg, returns_reference || param->hasAttr<LifetimeBoundAttr>() || !is_view(arg->getType()),
			       depth);
	if (holds_address(type))
		return targets(arg, false, depth);
	return {};
}

Lifetimes::Targets Lifetimes::support_call_targets(const CallExpr *call, const FunctionDecl *f, int depth)
{
	Targets out;
	if (is_map_method(f))
		return out; /* a map's lookups view the map */
	QualType result = f->getReturnType();
	bool returns_reference = result->isReferenceType() || result->isPointerType();
	unsigned first = 0;
	if (const Expr *self = object_of(call, f, first)) {
		QualType type = self->getType();
		if (type->isPointerType())
			type = type->getPointeeType();
		/*
		 * A view's own methods return parts of what it views; a reference
		 * to a view (optional<span<T>>::value()) is into the object.
		 */
		bool into_object = returns_reference && holds_address(result->getPointeeType());
		out.add(targets(self, !is_view(type) || into_object, depth));
	}
	for (unsigned i = first; i < call->getNumArgs(); i++)
		if (i - first < f->getNumParams())
			out.add(argument_targets(call->getArg(i), f->getParamDecl(i - first), returns_reference, depth));
	return out;
}

Lifetimes::Targets Lifetimes::call_targets(const CallExpr *call, int depth)
{
	const FunctionDecl *f = call->getDirectCallee();
	if (!f) {
		Targets out;
		for (const Expr *arg : call->arguments())
			out.add(targets(arg, arg->isGLValue(), depth));
		return out;
	}
	if (!is_user_function(f) || !f->hasBody())
		return support_call_targets(call, f, depth);
	return map_summary(summary_return(f), f, call, depth);
}

Lifetimes::Targets Lifetimes::construct_targets(const CXXConstructExpr *construct, int depth)
{
	Targets out;
	const CXXConstructorDecl *ctor = construct->getConstructor();
	if (!ctor)
		return out;
	if (is_user_function(ctor) && ctor->hasBody() && !ctor->isImplicit() && !ctor->isDefaulted())
		return map_summary(summary_out(ctor, ctor), ctor, construct, depth);
	for (unsigned i = 0; i < construct->getNumArgs() && i < ctor->getNumParams(); i++) {
		const Expr *arg = construct->getArg(i);
		const auto *x = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
			arg->getType().getNonReferenceType()->getAsCXXRecordDecl());
		const auto *y = dyn_cast_or_null<ClassTemplateSpecializationDecl>(construct->getType()->getAsCXXRecordDecl());
		bool same_template = x && y &&
				     x->getSpecializedTemplate()->getCanonicalDecl() ==
					     y->getSpecializedTemplate()->getCanonicalDecl();
		/* A view made from a view of the same kind views what it views. */
		if (ctor->isCopyOrMoveConstructor() || same_template)
			out.add(targets(arg, false, depth));
		else
			out.add(argument_targets(arg, ctor->getParamDecl(i), false, depth));
	}
	return out;
}

/* Summaries of the program's functions, in terms of their parameters and object */

/* When a function's summary depends on itself (recursion): all it could be. */
Lifetimes::Targets Lifetimes::everything(const FunctionDecl *f)
{
	Targets all;
	for (const ParmVarDecl *p : f->parameters()) {
		all.add(Param{p, true});
		all.add(Param{p, false});
	}
	if (const auto *method = dyn_cast<CXXMethodDecl>(f); method && method->isInstance()) {
		all.self_storage = all.self_targets = true;
		if (isa<CXXConstructorDecl>(f))
			all.self_targets = false;
	}
	return all;
}

namespace {

/* A summary drops f's own locals: where they escape, f itself is refused. */
void drop_locals(const FunctionDecl *f, llvm::SmallVector<const VarDecl *, 4> &vars)
{
	llvm::erase_if(vars, [f](const VarDecl *v) { return v->getParentFunctionOrMethod() == f; });
}

} // namespace

Lifetimes::Targets Lifetimes::summary_return(const FunctionDecl *f)
{
	auto memo = returns_summary_.find(f);
	if (memo != returns_summary_.end())
		return memo->second;
	std::pair<const FunctionDecl *, const Decl *> key{f, nullptr};
	if (summarizing_.count(key))
		return everything(f);
	summarizing_.insert(key);
	bool saved = cycle_;
	cycle_ = false;
	Targets t;
	auto found = returns_.find(f);
	if (found != returns_.end()) {
		std::vector<const ReturnStmt *> list = found->second;
		for (const ReturnStmt *ret : list)
			t.add(targets(ret->getRetValue(), f->getReturnType()->isReferenceType(), 0));
	}
	drop_locals(f, t.vars);
	t.temporary = t.constructed = false;
	bool had = cycle_;
	cycle_ = saved || had;
	summarizing_.erase(key);
	if (!had && !overflow_)
		returns_summary_[f] = t;
	return t;
}

Lifetimes::Targets Lifetimes::summary_out(const FunctionDecl *f, const Decl *key)
{
	std::pair<const FunctionDecl *, const Decl *> id{f, key};
	auto memo = outs_.find(id);
	if (memo != outs_.end())
		return memo->second;
	if (summarizing_.count(id))
		return everything(f);
	summarizing_.insert(id);
	bool saved = cycle_;
	cycle_ = false;
	Targets t;
	auto bound = bindings_.find(key);
	if (bound != bindings_.end()) {
		std::vector<Binding> list = bound->second;
		for (const Binding &b : list)
			if (b.where == f)
				t.add(binding_targets(b, 0));
	}
	drop_locals(f, t.vars);
	t.temporary = t.constructed = false;
	bool had = cycle_;
	cycle_ = saved || had;
	summarizing_.erase(id);
	if (!had && !overflow_)
		outs_[id] = t;
	return t;
}

/* A summary of f, in the terms of the caller: its arguments and object. */
Lifetimes::Targets Lifetimes::map_summary(const Targets &summary, const FunctionDecl *f, const Expr *call, int depth)
{
	Targets out;
	for (const VarDecl *v : summary.vars)
		out.add(v);
	unsigned first = 0;
	const Expr *self = nullptr;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		self = object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	for (Param p : summary.params) {
		if (p.param->getDeclContext() != f) {
			out.add(p); /* an enclosing function's, seen by a lambda */
			continue;
		}
		unsigned i = p.param->getFunctionScopeIndex() + first;
		if (i < args.size())
			out.add(targets(args[i], p.storage, depth));
	}
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (method && method->getParent()->isLambda()) {
		/* a lambda's *this is the enclosing member function's */
		out.self_storage = summary.self_storage;
		out.self_targets = summary.self_targets;
	} else if (isa_and_nonnull<CXXConstructorDecl>(method)) {
		out.constructed = summary.self_storage;
	} else if (self) {
		if (summary.self_storage)
			out.add(targets(self, true, depth));
		if (summary.self_targets)
			out.add(targets(self, false, depth));
	}
	return out;
}

/* Calls that may rebind a view */

std::vector<Lifetimes::Out> Lifetimes::outs_of(const Expr *call)
{
	std::vector<Out> outs;
	const FunctionDecl *f = nullptr;
	unsigned first = 0;
	const Expr *self = nullptr;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		f = c->getDirectCallee();
		if (f)
			self = object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		f = c->getConstructor();
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	if (!f || call->isTypeDependent())
		return outs;
	auto capture_root = [](const VarDecl *v) {
		Root root;
		root.key = v;
		root.var = v;
		root.kind = v->getType()->isReferenceType() ? Root::indirect
			    : v->hasLocalStorage()	    ? Root::local
							    : Root::unknown;
		return root;
	};
	if (is_user_function(f)) {
		for (unsigned i = first; i < args.size() && i - first < f->getNumParams(); i++) {
			QualType type = f->getParamDecl(i - first)->getType();
			bool by_reference = type->isLValueReferenceType() && !type->getPointeeType().isConstQualified() &&
					    holds_address(type->getPointeeType());
			if (!by_reference && !(!type->isReferenceType() && has_reference_member(type)))
				continue;
			Out out{Out::param, i - first, nullptr, {}, describe(args[i]), args[i]->getExprLoc()};
			if (by_reference) {
				out.root = root_of(args[i]);
			} else {
				out.root.kind = Root::indirect; /* rebinds what its reference members refer to */
			}
			outs.push_back(out);
		}
		const auto *method = dyn_cast<CXXMethodDecl>(f);
		if (self && method && method->isInstance()) {
			QualType type = self->getType();
			if (type->isPointerType())
				type = type->getPointeeType();
			bool references = has_reference_member(type);
			if (holds_address(type) && (!method->isConst() || references)) {
				Out out{Out::self, 0, nullptr, root_of(self), describe(self), self->getExprLoc()};
				if (references)
					out.root.kind = Root::indirect;
				outs.push_back(out);
			}
		}
		if (method && method->getParent()->isLambda())
			for (const LambdaCapture &capture : method->getParent()->captures()) {
				const auto *v = capture.capturesVariable() ? dyn_cast<VarDecl>(capture.getCapturedVar()) : nullptr;
				if (v && capture.getCaptureKind() == LCK_ByRef && holds_address(v->getType()))
					outs.push_back({Out::capture, 0, v, capture_root(v),
							"'" + v->getNameAsString() + "' (captured by reference)", call->getExprLoc()});
			}
	}
	/* A lambda passed to a function may be called there, with anything the call is given. */
	for (unsigned i = 0; i < args.size(); i++) {
		if (args[i] == self)
			continue;
		const CXXRecordDecl *closure = args[i]->getType().getNonReferenceType()->getAsCXXRecordDecl();
		if (!closure || !closure->isLambda())
			continue;
		for (const LambdaCapture &capture : closure->captures()) {
			const auto *v = capture.capturesVariable() ? dyn_cast<VarDecl>(capture.getCapturedVar()) : nullptr;
			if (v && capture.getCaptureKind() == LCK_ByRef && holds_address(v->getType()))
				outs.push_back({Out::closure_argument, i, v, capture_root(v),
						"'" + v->getNameAsString() + "' (captured by reference by a lambda passed here)",
						args[i]->getExprLoc()});
		}
	}
	return outs;
}

/* What a call may bind out to. */
Lifetimes::Targets Lifetimes::out_targets(const Expr *call, const Out &out, int depth)
{
	const FunctionDecl *f = nullptr;
	unsigned first = 0;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		f = c->getDirectCallee();
		if (f)
			object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		f = c->getConstructor();
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	if (!f)
		return {};
	if (out.kind != Out::closure_argument && is_user_function(f) && f->hasBody()) {
		const Decl *key = out.kind == Out::param ? static_cast<const Decl *>(f->getParamDecl(out.index))
				  : out.kind == Out::self ? static_cast<const Decl *>(f)
							  : out.captured;
		return map_summary(summary_out(f, key), f, call, depth);
	}
	/* Not summarized: anything the other arguments are or view. */
	Targets t;
	for (unsigned i = first; i < args.size(); i++) {
		if (out.kind == Out::closure_argument && i == out.index)
			continue;
		if (i - first < f->getNumParams())
			t.add(argument_targets(args[i], f->getParamDecl(i - first), false, depth));
		else
			t.add(targets(args[i], args[i]->isGLValue(), depth));
	}
	return t;
}

void Lifetimes::record(const Root &root, Binding b)
{
	if (root.key)
		bindings_[root.key].push_back(b);
}

/* The first pass */

void Lifetimes::note_lambda(const LambdaExpr *lambda)
{
	lambdas_[lambda->getCallOperator()] = lambda;
	for (const FunctionDecl *f : generic_calls(lambda))
		if (const auto *method = dyn_cast<CXXMethodDecl>(f))
			lambdas_[method] = lambda;
}

void Lifetimes::note_assignment(const Expr *lhs, const Expr *rhs)
{
	Binding b;
	b.where = function_of(lhs);
	b.rhs = rhs;
	record(root_of(lhs), b);
}

void Lifetimes::note_call(const Expr *call)
{
	std::vector<Out> outs = outs_of(call);
	for (unsigned i = 0; i < outs.size(); i++) {
		Binding b;
		b.where = function_of(call);
		b.call = call;
		b.out = i;
		record(outs[i].root, b);
	}
}

void Lifetimes::note_return(const ReturnStmt *ret)
{
	if (const FunctionDecl *f = function_of(ret))
		returns_[f].push_back(ret);
}

void Lifetimes::note_constructor(const CXXConstructorDecl *ctor)
{
	Root self;
	self.kind = Root::self;
	self.key = ctor;
	for (const CXXCtorInitializer *init : ctor->inits()) {
		const FieldDecl *field = init->getMember();
		if (!field || !init->getInit() || !holds_address(field->getType()))
			continue;
		Binding b;
		b.where = ctor;
		b.rhs = init->getInit();
		b.object = field->getType()->isReferenceType();
		record(self, b);
	}
}

/* The checks */

bool Lifetimes::overflowed(SourceLocation loc)
{
	if (!overflow_)
		return false;
	overflow_ = false;
	done_.clear();
	c_.report(loc, "dangling-view", "this view is bound through too many others for rex-check to follow",
		  "bind it more directly (fewer views assigned from one another)");
	return true;
}

void Lifetimes::check_bound(SourceLocation loc, const std::string &name, const Root &root, const Targets &t,
			    const FunctionDecl *where)
{
	if (t.temporary || t.constructed)
		c_.report(loc, "dangling-view", name + " is bound to a view of a temporary, destroyed at the end of the statement",
			  "keep the value in a local variable declared in the view's scope, and view that");
	for (const VarDecl *v : t.vars) {
		std::string target = "'" + v->getNameAsString() + "'";
		switch (root.kind) {
		case Root::local:
			if (dies_before(v, root.var))
				c_.report(loc, "dangling-view",
					  name + " is bound to a view of " + target + ", which goes out of scope before '" +
						  root.var->getNameAsString() + "' does",
					  note_scope);
			break;
		case Root::parameter:
		case Root::self:
			if (v->hasLocalStorage() && v->getParentFunctionOrMethod() == where)
				c_.report(loc, "dangling-view", name + " may outlive " + target + ", the local it is bound to view",
					  note_outlive);
			break;
		case Root::indirect:
		case Root::unknown:
			if (v->hasLocalStorage())
				c_.report(loc, "dangling-view", name + " may outlive " + target + ", the local it is bound to view",
					  note_outlive);
			break;
		}
	}
}

void Lifetimes::check_assignment(SourceLocation loc, const Expr *lhs, const Expr *rhs)
{
	Targets t = solve([&] { return targets(rhs, false); });
	if (!overflowed(loc))
		check_bound(loc, describe(lhs), root_of(lhs), t, function_of(lhs));
}

void Lifetimes::check_call(const Expr *call)
{
	std::vector<Out> outs = outs_of(call);
	for (const Out &out : outs) {
		Targets t = solve([&] { return out_targets(call, out, 0); });
		if (!overflowed(out.loc))
			check_bound(out.loc, out.name, out.root, t, function_of(call));
	}
}

void Lifetimes::check_return(const ReturnStmt *ret)
{
	const FunctionDecl *f = function_of(ret);
	if (!f || !ret->getRetValue())
		return;
	QualType type = f->getReturnType();
	if (type->isDependentType() || !holds_address(type))
		return;
	Targets t = solve([&] { return targets(ret->getRetValue(), type->isReferenceType()); });
	if (overflowed(ret->getReturnLoc()))
		return;
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	std::string name = method && method->getParent()->isLambda() ? std::string("the lambda")
								       : "'" + f->getNameAsString() + "'";
	if (t.temporary || t.constructed)
		c_.report(ret->getReturnLoc(), "dangling-return", name + " returns a view of a temporary", note_returned);
	for (const VarDecl *v : t.vars)
		if (v->hasLocalStorage() && v->getParentFunctionOrMethod() == f)
			c_.report(ret->getReturnLoc(), "dangling-return",
				  name + " returns a view of '" + v->getNameAsString() + "', which is destroyed when it returns",
				  note_returned);
}

void Lifetimes::check_init(SourceLocation loc, const VarDecl *v, const llvm::Twine &what, llvm::StringRef when)
{
	if (!v->getInit() || v->getType()->isDependentType() || !holds_address(v->getType()))
		return;
	Targets t = solve([&] { return targets(v->getInit(), v->getType()->isReferenceType()); });
	if (!overflowed(loc) && t.temporary)
		c_.report(loc, "dangling-view", what + " views a temporary that is destroyed " + when,
			  "keep the value in a local variable first, and view that");
}

void Lifetimes::check_constructor(const CXXConstructorDecl *ctor)
{
	Root self;
	self.kind = Root::self;
	self.key = ctor;
	for (const CXXCtorInitializer *init : ctor->inits()) {
		const FieldDecl *field = init->getMember();
		if (!field || !init->getInit() || !init->isWritten() || !holds_address(field->getType()))
			continue;
		Targets t = solve([&] { return targets(init->getInit(), field->getType()->isReferenceType()); });
		if (!overflowed(init->getSourceLocation()))
			check_bound(init->getSourceLocation(), "member '" + field->getNameAsString() + "'", self, t, ctor);
	}
}

} // namespace rex_check
